import type { AccessLogFormat } from './access-log-format';
import type { AccessLogParser } from './access-log-parser';
import { AlbRecordParser } from './alb-record-parser';
import { ApiGatewayRecordParser } from './apigw-record-parser';
import { CloudFrontRecordParser } from './cloudfront-record-parser';

const CLOUDFRONT_HEADER = /^#(Version|Fields):/;
const CLOUDFRONT_LINE = /^\d{4}-\d\d-\d\d\t\d\d:\d\d:\d\d\t/;
const EXPORTED_JSON_LINE = /^\d{4}-\d\d-\d\dT\S+ \{/;

/**
 * The format of a file, from its first non-blank line: a CloudFront `#Version`/`#Fields`
 * header or tab-separated date and time; a JSON object, a `filter-log-events` document or
 * a CloudWatch Logs export line (HTTP API); anything else is read as ALB (whose
 * malformed-line reasons then tell what is wrong).
 */
export function detectFormat(firstLine: string): AccessLogFormat {
  const line = firstLine.trimStart();
  if (CLOUDFRONT_HEADER.test(line) || CLOUDFRONT_LINE.test(line)) return 'cloudfront';
  if (line.startsWith('{') || EXPORTED_JSON_LINE.test(line)) return 'apigw';
  return 'alb';
}

/** A fresh parser (parsers keep per-file state). */
export function createParser(format: AccessLogFormat): AccessLogParser {
  switch (format) {
    case 'cloudfront':
      return new CloudFrontRecordParser();
    case 'apigw':
      return new ApiGatewayRecordParser();
    case 'alb':
      return new AlbRecordParser();
  }
}
