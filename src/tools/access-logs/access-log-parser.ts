import type { AccessLogFormat } from './access-log-format';
import type { AccessRecord, RecordSink } from './access-record';

/**
 * Reads the lines of one file of one format. A parser may keep state between lines (the
 * CloudFront `#Fields` header, the shape of a CloudWatch Logs export), so each file gets
 * its own instance.
 */
export interface AccessLogParser {
  readonly format: AccessLogFormat;
  /**
   * Reads one non-blank line into `record` and reports it to `sink`: once per entry it
   * holds (none for a header line, several for a one-line `filter-log-events` document).
   * Never throws.
   */
  parse(line: string, record: AccessRecord, sink: RecordSink): void;
}
