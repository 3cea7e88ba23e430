import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeAccessLogSources, NoLogsFoundError } from '../../../src/tools/access-logs/analyze-access-logs';
import type { AccessLogReport } from '../../../src/tools/access-logs/access-log-report';

/*
 * The samples under test/fixtures/logs: one story, 2026-11-30 10:00–11:59 UTC, told by the
 * three logs. CloudFront saw 10 client requests; 8 reached the HTTP API (a cached
 * /openapi.json and an origin connect error did not); hosp's gateway made 13 attempts on
 * legacy's load balancer, retrying failed reads. Every figure below was worked out by hand
 * from the sample files.
 */
const FIXTURES = resolve(__dirname, '../../fixtures/logs');
const CLOUDFRONT = join(FIXTURES, 'cloudfront');
const APIGW = join(FIXTURES, 'apigw');
const ALB = join(FIXTURES, 'alb');

/** Percentiles come from a histogram: within 1 % of the hand-computed nearest-rank value. */
function expectNear(actual: number | null, expected: number): void {
  expect(actual).toBeGreaterThanOrEqual(expected * 0.99);
  expect(actual).toBeLessThanOrEqual(expected * 1.01);
}

describe('the CloudFront sample (what clients received)', () => {
  let report: AccessLogReport;
  beforeAll(async () => {
    report = (await analyzeAccessLogSources([CLOUDFRONT], { sloPercent: 99.95 })).sources[0]!;
  });

  it('has 10 requests, 7 without a 5xx; the edge produced two 5xx (connect and read errors), the origin one', () => {
    expect(report).toMatchObject({ format: 'cloudfront', files: 2, total: 10, errors5xx: { edge: 2, origin: 1 } });
    expect(report.successRate).toBeCloseTo(70, 10);
    expect(report.period).toEqual({ from: '2026-11-30T10:00:05Z', to: '2026-11-30T11:45:00Z' });
  });

  it('has time-taken p50 340 ms, p90 10,002 ms, p99 and max 30,001 ms; time to first byte p50 335 ms', () => {
    // Sorted: 2, 100, 120, 300, 340, 450, 1200, 2500, 10002, 30001.
    expectNear(report.latencyMs.p50, 340);
    expectNear(report.latencyMs.p90, 10002);
    expect(report.latencyMs.p99).toBe(30001);
    expect(report.latencyMs.max).toBe(30001);
    expectNear(report.targetLatencyMs.p50, 335);
  });

  it('splits by hour and route', () => {
    expect(report.byHour.map((h) => [h.hour, h.total, h.errors5xx])).toEqual([
      ['2026-11-30T10', 6, { edge: 1, origin: 1 }],
      ['2026-11-30T11', 4, { edge: 1, origin: 0 }],
    ]);
    expect(report.byRoute.map((r) => [r.route, r.total])).toEqual([
      ['GET /hospitals', 2],
      ['GET /hospitals/{id}', 2],
      ['GET /patients/{id}', 2],
      ['GET /openapi.json', 1],
      ['GET /patients/{id}/notes', 1],
      ['PATCH /hospitals/{id}', 1],
      ['POST /hospitals', 1],
    ]);
  });

  it('reports the line cut short, and reads the line with an added field', () => {
    expect(report.malformed.lines).toEqual([
      { file: join(CLOUDFRONT, 'E2HOSPEXAMPLE.2026-11-30-11.e5f6a7b8.log'), line: 5, reason: 'expected at least 19 tab-separated fields, found 6' },
    ]);
    expect(report.byRoute.find((r) => r.route === 'GET /openapi.json')!.total).toBe(1);
  });

  it('spends the error budget of a 99.95 % SLO 600 times over, worst in 10:15–11:15 and 11:20–12:20', () => {
    const budget = report.errorBudget;
    // Allowed: 10 × 0.05 % = 0.005 failures; spent 3.
    expect(budget.allowedFailures).toBeCloseTo(0.005, 9);
    expect(budget.failed).toBe(3);
    expect(budget.remaining).toBeCloseTo(-2.995, 6);
    expect(budget.remainingPercent).toBeCloseTo(-59_900, 3);
    expect(budget.burnRate).toBeCloseTo(600, 4);
    // 1 h: 10:15–11:15 holds 10:20 (502), 10:25 (503), 10:40, 11:02: 2 of 4 failed, burn 1,000.
    // Then 11:20–12:20 (11:30 failed, 11:45 not). Nothing else fails without overlapping them.
    expect(budget.worstWindows.oneHour).toEqual([
      { from: '2026-11-30T10:15:00.000Z', to: '2026-11-30T11:15:00.000Z', requests: 4, failed: 2, burnRate: expect.closeTo(1000, 4) },
      { from: '2026-11-30T11:20:00.000Z', to: '2026-11-30T12:20:00.000Z', requests: 2, failed: 1, burnRate: expect.closeTo(1000, 4) },
    ]);
    // 6 h: the last two requests (1 of 2 failed); then, 6 h away, the first five (2 of 5 failed, burn 800).
    expect(budget.worstWindows.sixHours).toEqual([
      { from: '2026-11-30T11:20:00.000Z', to: '2026-11-30T17:20:00.000Z', requests: 2, failed: 1, burnRate: expect.closeTo(1000, 4) },
      { from: '2026-11-30T04:30:00.000Z', to: '2026-11-30T10:30:00.000Z', requests: 5, failed: 2, burnRate: expect.closeTo(800, 4) },
    ]);
    expect(budget.timeline).toEqual([
      { hour: '2026-11-30T10', requests: 6, failed: 2, spentPercent: expect.closeTo(40_000, 3) },
      { hour: '2026-11-30T11', requests: 4, failed: 1, spentPercent: expect.closeTo(60_000, 3) },
    ]);
  });
});

describe('the HTTP API sample', () => {
  const expectApiFigures = (report: AccessLogReport): void => {
    expect(report).toMatchObject({ format: 'apigw', total: 8, errors5xx: { gateway: 1, integration: 1 } });
    expect(report.successRate).toBe(75);
    // Sorted: 90, 110, 290, 330, 440, 1190, 2490, 30000.
    expectNear(report.latencyMs.p50, 330);
    expect(report.latencyMs.max).toBe(30000);
    expect(report.targetLatencyMs.max).toBe(2488);
    expect(report.period).toEqual({ from: '2026-11-30T10:00:05.000Z', to: '2026-11-30T11:45:00.000Z' });
    expect(report.byHour.map((h) => [h.hour, h.total, h.successRate])).toEqual([
      ['2026-11-30T10', 4, 75],
      ['2026-11-30T11', 4, 75],
    ]);
  };

  it('as a CloudWatch Logs export: 8 requests, one 5xx from API Gateway (integration timeout), one from the integration (503)', async () => {
    const report = (await analyzeAccessLogSources([APIGW])).sources[0]!;
    expectApiFigures(report);
    expect(report.malformed.lines).toEqual([{ file: join(APIGW, '000000.log'), line: 5, reason: 'unreadable JSON' }]);
  });

  it('as `aws logs filter-log-events --output json`: the same figures', async () => {
    const report = (await analyzeAccessLogSources([join(FIXTURES, 'apigw-filter-log-events.json')])).sources[0]!;
    expectApiFigures(report);
    expect(report.malformed.count).toBe(0);
  });
});

describe('the ALB sample (legacy, per attempt)', () => {
  it('has 13 attempts, 6 without a 5xx: 5 from the load balancer, 2 from legacy', async () => {
    const report = (await analyzeAccessLogSources([ALB])).sources[0]!;
    expect(report).toMatchObject({ format: 'alb', total: 13, errors5xx: { elb: 5, target: 2 } });
    expect(report.successRate).toBeCloseTo((6 / 13) * 100, 10);
    // Sorted totals: 0, 1, 1, 81, 101, 271, 301, 400, 422, 701, 800 (two 503s have none).
    expectNear(report.latencyMs.p50, 271);
    expectNear(report.latencyMs.p90, 701);
    expect(report.latencyMs.max).toBe(800);
    expect(report.byHour.map((h) => [h.hour, h.total, h.errors5xx])).toEqual([
      ['2026-11-30T10', 7, { elb: 3, target: 1 }],
      ['2026-11-30T11', 6, { elb: 2, target: 1 }],
    ]);
  });
});

describe('several sources in one report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hosp-sources-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts what clients received beside what legacy answered per attempt: 1.3 legacy requests per client request', async () => {
    const { sources, comparison } = await analyzeAccessLogSources([ALB, CLOUDFRONT, APIGW], { sloPercent: 99.95 });
    expect(sources.map((s) => s.format)).toEqual(['cloudfront', 'apigw', 'alb']);
    expect(comparison).not.toBeNull();
    const c = comparison!;
    expect(c).toMatchObject({ formats: ['cloudfront', 'apigw', 'alb'], outer: 'cloudfront', inner: 'alb', hoursCompared: 2 });
    expect(c.amplification).toBeCloseTo(1.3, 10);
    expect(c.overall.cloudfront).toEqual({ requests: 10, successRate: 70 });
    expect(c.overall.apigw).toEqual({ requests: 8, successRate: 75 });
    expect(c.overall.alb!.requests).toBe(13);
    expect(c.overall.alb!.successRate).toBeCloseTo((6 / 13) * 100, 10);
    expect(c.byHour.map((h) => [h.hour, h.sources.cloudfront!.requests, h.sources.apigw!.requests, h.sources.alb!.requests])).toEqual([
      ['2026-11-30T10', 6, 4, 7],
      ['2026-11-30T11', 4, 4, 6],
    ]);
    expect(c.byHour[0]!.amplification).toBeCloseTo(7 / 6, 10);
    expect(c.byHour[1]!.amplification).toBeCloseTo(1.5, 10);
  });

  it('detects each file\'s format in one directory laid out as the downloads are, gzipped', async () => {
    const cloudfront = join(dir, 's3', 'cloudfront');
    const exported = join(dir, 's3', 'exportedlogs', 'a1b2c3d4-task', '8f14e45fceea167a5a36dedd4bea2543');
    const alb = join(dir, 's3', 'alb', 'AWSLogs', '123456789012', 'elasticloadbalancing', 'eu-west-1', '2026', '11', '30');
    for (const d of [cloudfront, exported, alb]) await mkdir(d, { recursive: true });
    const gz = async (from: string, to: string): Promise<void> => writeFile(to, gzipSync(await readFile(from)));
    await gz(join(CLOUDFRONT, 'E2HOSPEXAMPLE.2026-11-30-10.a1b2c3d4.log'), join(cloudfront, 'E2HOSPEXAMPLE.2026-11-30-10.a1b2c3d4.gz'));
    await gz(join(CLOUDFRONT, 'E2HOSPEXAMPLE.2026-11-30-11.e5f6a7b8.log'), join(cloudfront, 'E2HOSPEXAMPLE.2026-11-30-11.e5f6a7b8.gz'));
    await gz(join(APIGW, '000000.log'), join(exported, '000000.gz'));
    await copyFile(join(ALB, '123456789012_elasticloadbalancing_eu-west-1_app.hosp-legacy.50dc6c495c0c9188_20261130T1200Z_10.0.0.7_4f1b2c3d.log'), join(alb, 'legacy.log'));
    await gz(join(alb, 'legacy.log'), join(alb, 'legacy.log.gz'));
    await rm(join(alb, 'legacy.log'));
    await writeFile(join(dir, 's3', 'README.txt'), 'not a log\n');
    const { sources, comparison } = await analyzeAccessLogSources([join(dir, 's3')]);
    expect(sources.map((s) => [s.format, s.files, s.total])).toEqual([
      ['cloudfront', 2, 10],
      ['apigw', 1, 8],
      ['alb', 1, 13],
    ]);
    expect(comparison!.amplification).toBeCloseTo(1.3, 10);
  });

  it('reads every file as the format given, whatever it looks like', async () => {
    const { sources } = await analyzeAccessLogSources([CLOUDFRONT, ALB], { format: 'alb' });
    expect(sources.map((s) => s.format)).toEqual(['alb']);
    expect(sources[0]!.total).toBe(13);
    expect(sources[0]!.malformed.count).toBe(15); // the 15 lines of the CloudFront files (4 of them headers) are not ALB entries
  });

  it('finds no logs in a directory without log files', async () => {
    const empty = join(dir, 'empty');
    await mkdir(join(empty, 'nested'), { recursive: true });
    await writeFile(join(empty, 'notes.txt'), 'hello\n');
    await expect(analyzeAccessLogSources([empty])).rejects.toThrow(NoLogsFoundError);
  });
});
