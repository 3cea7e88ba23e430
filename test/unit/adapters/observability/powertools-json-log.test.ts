import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { EmfMetrics } from '../../../../src/adapters/observability/emf-metrics';
import { HospLogFormatter } from '../../../../src/adapters/observability/hosp-log-formatter';
import { METRIC_NAMES } from '../../../../src/adapters/observability/operational-metrics';
import { powertoolsJsonLog } from '../../../../src/adapters/observability/powertools-json-log';
import { captureLambdaOutput, LambdaOutput } from '../../../support/lambda-output';

describe('hosp log lines through Powertools Logger', () => {
  let output: LambdaOutput;
  beforeEach(() => {
    output = captureLambdaOutput();
  });
  afterEach(() => output.restore());

  const logger = (logLevel: 'DEBUG' | 'INFO' = 'INFO') => new Logger({ serviceName: 'hosp-unit', logLevel, logFormatter: new HospLogFormatter() });

  it('keeps the local server line shape: time, level, msg first, then the fields as given', () => {
    powertoolsJsonLog(logger())({ level: 'info', msg: 'http request', requestId: 'r-1', status: 200, nested: { a: [1, 2] } });
    const [line] = output.logs();
    expect(Object.keys(line!).slice(0, 3)).toEqual(['time', 'level', 'msg']);
    expect(line).toEqual({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), level: 'info', msg: 'http request', requestId: 'r-1', status: 200, nested: { a: [1, 2] }, service: 'hosp-unit' });
  });

  it('picks the method from the level (so the log level filters), and logs an unknown or missing level as info rather than dropping it', () => {
    const log = powertoolsJsonLog(logger());
    log({ level: 'debug', msg: 'filtered at INFO' });
    log({ level: 'warn', msg: 'a warning' });
    log({ level: 'error', msg: 'an error' });
    log({ level: 'fatal', msg: 'unknown level' });
    log({ msg: 'no level' });
    log({ level: 'info', msg: 42 });
    expect(output.logs().map((line) => [line.level, line.msg])).toEqual([
      ['warn', 'a warning'],
      ['error', 'an error'],
      ['info', 'unknown level'],
      ['info', 'no level'],
      ['info', 'log'],
    ]);
  });

  it('logs an Error as name, message and stack only, never the other properties it carries', () => {
    const error = Object.assign(new Error('boom'), { $metadata: { requestId: 'sdk-1' }, Item: { password: 'hash-of-a-password' } });
    powertoolsJsonLog(logger())({ level: 'error', msg: 'failed', error });
    const [line] = output.logs();
    expect(line!.error).toEqual({ name: 'Error', message: 'boom', stack: expect.stringContaining('boom') });
    expect(JSON.stringify(line)).not.toMatch(/hash-of-a-password|sdk-1/);
  });

  it('never lets an entry overwrite what Powertools owns (service) or forge the time', () => {
    powertoolsJsonLog(logger())({ level: 'info', msg: 'm', time: '1999-01-01T00:00:00.000Z', service: 'forged' });
    const lines = output.logs();
    const entry = lines.find((line) => line.msg === 'm')!;
    expect(entry.service).toBe('hosp-unit');
    expect(entry.time).not.toBe('1999-01-01T00:00:00.000Z');
  });
});

describe('EmfMetrics', () => {
  let output: LambdaOutput;
  beforeEach(() => {
    output = captureLambdaOutput();
  });
  afterEach(() => output.restore());

  it('writes every count of an invocation as one EMF document, several counts of a name as its values', () => {
    const powertools = new Metrics({ namespace: 'HospUnit', serviceName: 'hosp-unit' });
    const metrics = new EmfMetrics(powertools);
    metrics.count('LegacyRetries');
    metrics.count('LegacyRetries', 2);
    metrics.count('LockOuts');
    powertools.publishStoredMetrics();
    const [doc] = output.emf();
    expect(doc).toMatchObject({ service: 'hosp-unit', LegacyRetries: [1, 2], LockOuts: 1 });
    expect((doc!._aws as { CloudWatchMetrics: unknown[] }).CloudWatchMetrics).toEqual([
      { Namespace: 'HospUnit', Dimensions: [['service']], Metrics: expect.arrayContaining([{ Name: 'LegacyRetries', Unit: 'Count' }, { Name: 'LockOuts', Unit: 'Count' }]) },
    ]);
  });

  it('has metric names CloudWatch accepts, each once', () => {
    expect(new Set(METRIC_NAMES).size).toBe(METRIC_NAMES.length);
    for (const name of METRIC_NAMES) expect(name).toMatch(/^[A-Z][A-Za-z]{2,63}$/);
  });
});
