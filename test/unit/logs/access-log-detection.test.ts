import { detectFormat } from '../../../src/tools/access-logs/access-log-detection';
import { DOC_HTTP } from '../../support/alb-log-samples';
import { DOC_CLOUDFRONT_LINES } from '../../support/cloudfront-log-samples';

describe('detectFormat', () => {
  it.each([
    ['#Version: 1.0', 'cloudfront'],
    ['#Fields: date time sc-status', 'cloudfront'],
    [DOC_CLOUDFRONT_LINES[0], 'cloudfront'],
    ['{"requestId":"a","time":"01/Mar/2024:10:15:30 +0000"}', 'apigw'],
    ['2024-03-01T10:15:31.006Z {"requestId":"a"}', 'apigw'],
    ['{', 'apigw'],
    [DOC_HTTP, 'alb'],
    ['garbage', 'alb'],
  ])('%s → %s', (line, format) => {
    expect(detectFormat(line)).toBe(format);
  });
});
