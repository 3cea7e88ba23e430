import * as path from 'node:path';
import { APIGW_FIELDS, ApiGatewayRecordParser } from '../../../src/tools/access-logs/apigw-record-parser';
import { parseLines } from '../../support/access-record-sink';
import { readTemplate } from '../../support/cloudformation-template';

const parse = (lines: readonly string[]) => parseLines(new ApiGatewayRecordParser(), lines);

/** The access-log format the stack configures, exactly as in template.yaml. */
const format: string = readTemplate(path.resolve(__dirname, '../../../src/infra/cloudformation/template.yaml')).Resources.HttpApiStage!.Properties
  .AccessLogSettings.Format;

/**
 * A line as API Gateway writes it: the stack's format with each `$context` variable
 * replaced by a value of the documented form (http-api-logging-variables: requestTime is
 * CLF `dd/MMM/yyyy:HH:mm:ss +-hhmm`, latencies in ms, `-` when there is no value).
 */
function logged(values: Record<string, string>): string {
  return format.replace(/\$context\.[A-Za-z.]+/g, (variable) => {
    const value = values[variable];
    if (value === undefined) throw new Error(`no test value for ${variable}`);
    return value;
  });
}

const OK = {
  '$context.requestId': 'JSjsxgVAIAMEMAA=',
  '$context.requestTime': '01/Mar/2024:10:15:30 +0000',
  '$context.httpMethod': 'GET',
  '$context.path': '/hospitals/42',
  '$context.routeKey': 'ANY /hospitals/{proxy+}',
  '$context.status': '200',
  '$context.responseLatency': '87',
  '$context.integrationLatency': '81',
  '$context.integrationErrorMessage': '-',
  '$context.authorizer.error': '-',
  '$context.identity.sourceIp': '198.51.100.7',
};

describe('ApiGatewayRecordParser on the stack\'s access-log format', () => {
  it('is a one-line JSON object whose keys include every field the parser reads', () => {
    const keys = Object.keys(JSON.parse(logged(OK)));
    expect(keys).toEqual(expect.arrayContaining([...APIGW_FIELDS]));
  });

  it('reads time, method, path, status and both latencies from a logged line', () => {
    const { records, malformed } = parse([logged(OK)]);
    expect(malformed).toEqual([]);
    expect(records).toEqual([
      {
        epochMs: Date.parse('2024-03-01T10:15:30Z'),
        time: '2024-03-01T10:15:30.000Z',
        status: 200,
        producer: -1,
        totalMs: 87,
        innerMs: 81,
        route: 'GET /hospitals/{id}',
      },
    ]);
  });

  it('tells 5xx API Gateway produced (integration or authorizer error, no integration latency) from the integration\'s', () => {
    const lines = [
      logged({ ...OK, '$context.status': '502', '$context.integrationLatency': '120' }),
      logged({ ...OK, '$context.status': '500', '$context.integrationErrorMessage': 'The Lambda function returned the following error: Unhandled' }),
      logged({ ...OK, '$context.status': '503', '$context.integrationLatency': '-' }),
      logged({ ...OK, '$context.status': '500', '$context.authorizer.error': 'Internal Server Error', '$context.integrationLatency': '-' }),
    ];
    expect(parse(lines).records.map((r) => [r.status, r.producer])).toEqual([
      [502, 1],
      [500, 0],
      [503, 0],
      [500, 0],
    ]);
  });

  it('converts request times given in another offset to UTC', () => {
    const { records } = parse([logged({ ...OK, '$context.requestTime': '01/Mar/2024:12:15:30 +0200' })]);
    expect(records[0]!.time).toBe('2024-03-01T10:15:30.000Z');
  });

  it('keeps reading when the format gains fields', () => {
    const line = JSON.stringify({ ...JSON.parse(logged(OK)), protocol: 'HTTP/1.1', responseLength: '1204' });
    expect(parse([line]).records).toHaveLength(1);
  });

  it('reads a CloudWatch Logs export line (ingestion time, a space, the message)', () => {
    const { records, malformed } = parse([`2024-03-01T10:15:31.006Z ${logged(OK)}`]);
    expect(malformed).toEqual([]);
    expect(records[0]!.status).toBe(200);
  });

  it('reads the events of `aws logs filter-log-events`, pretty-printed or on one line', () => {
    const document = { events: [{ logStreamName: 'abc', timestamp: 1709288130000, message: logged(OK), ingestionTime: 1709288131006, eventId: '1' }], searchedLogStreams: [] };
    const pretty = parse(JSON.stringify(document, null, 4).split('\n'));
    expect(pretty.malformed).toEqual([]);
    expect(pretty.records.map((r) => r.route)).toEqual(['GET /hospitals/{id}']);
    const compact = parse([JSON.stringify(document)]);
    expect(compact.records.map((r) => r.route)).toEqual(['GET /hospitals/{id}']);
  });

  it.each([
    ['text that is not JSON', 'GET /hospitals 200', 'not a JSON access-log entry'],
    ['a cut-short object', logged(OK).slice(0, 60), 'unreadable JSON'],
    ['an array', '[1,2]', 'not a JSON access-log entry'],
    ['a bad time', logged({ ...OK, '$context.requestTime': '2024-03-01T10:15:30Z' }), 'bad time "2024-03-01T10:15:30Z"'],
    ['a bad status', logged({ ...OK, '$context.status': '-' }), 'bad status "-"'],
    ['a bad latency', logged({ ...OK, '$context.responseLatency': 'slow' }), 'bad latencyMs or integrationLatencyMs'],
    ['text before the object', `request ${logged(OK)}`, 'text before the JSON entry'],
  ])('rejects %s', (_, line, reason) => {
    const { records, malformed } = parse([line]);
    expect(records).toEqual([]);
    expect(malformed).toEqual([reason]);
  });
});
