import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeAccessLogs } from '../../../src/tools/access-logs/analyze-access-logs';
import type { AccessLogReport, TrafficSummary } from '../../../src/tools/access-logs/access-log-report';
import { OTHER_ROUTES } from '../../../src/tools/access-logs/access-log-analysis';
import { HAND_CHECKED_DAY1, HAND_CHECKED_DAY2, HAND_CHECKED_FIGURES as F, albLine } from '../../support/alb-log-samples';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hosp-logs-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;

/** Percentiles come from a histogram: within 1 % of the hand-computed nearest-rank value. */
function expectLatency(actual: TrafficSummary['latencyMs'], expected: { p50: number; p90: number; p99: number; max: number }): void {
  for (const key of ['p50', 'p90', 'p99'] as const) {
    expect(actual[key]).toBeGreaterThanOrEqual(expected[key] * 0.99);
    expect(actual[key]).toBeLessThanOrEqual(expected[key] * 1.01);
  }
  expect(actual.max).toBe(expected.max);
}

function expectHandCheckedFigures(report: AccessLogReport): void {
  expect(report.total).toBe(F.total);
  expect(report.successRate).toBeCloseTo(F.successRate, 10);
  expect(report.errors5xx).toEqual(F.errors5xx);
  expectLatency(report.latencyMs, F.latencyMs);
  expectLatency(report.targetLatencyMs, F.targetLatencyMs);
  expect(report.byDay.map((d) => d.day)).toEqual(F.byDay.map((d) => d.day));
  F.byDay.forEach((expected, i) => {
    const day = report.byDay[i]!;
    expect(day.total).toBe(expected.total);
    expect(day.successRate).toBeCloseTo(expected.successRate, 10);
    expect(day.errors5xx).toEqual(expected.errors5xx);
    expectLatency(day.latencyMs, expected.latencyMs);
  });
  expect(report.byHour.map(({ hour, total, errors5xx }) => ({ hour, total, errors5xx }))).toEqual(
    F.byHour.map(({ hour, total, errors5xx }) => ({ hour, total, errors5xx })),
  );
  F.byHour.forEach((expected, i) => expect(report.byHour[i]!.successRate).toBeCloseTo(expected.successRate, 10));
  expect(report.byRoute.map(({ route, total, errors5xx }) => ({ route, total, errors5xx }))).toEqual(F.byRoute);
  expect(report.period).toEqual({ from: '2018-07-02T22:23:00.186641Z', to: '2018-07-03T00:04:00.000000Z' });
}

describe('analyzeAccessLogs on hand-checked samples', () => {
  it('gives the hand-computed figures for plain .log files', async () => {
    const day1 = join(dir, 'day1.log');
    const day2 = join(dir, 'day2.log');
    await writeFile(day1, text(HAND_CHECKED_DAY1));
    await writeFile(day2, text(HAND_CHECKED_DAY2));
    const report = await analyzeAccessLogs([day1, day2]);
    expectHandCheckedFigures(report);
    expect(report.files).toBe(2);
    expect(report.slo).toEqual({ targetPercent: 99, met: false });
  });

  it('reports malformed lines by file and line number and carries on', async () => {
    const day1 = join(dir, 'day1.log');
    const day2 = join(dir, 'day2.log');
    await writeFile(day1, text(HAND_CHECKED_DAY1));
    await writeFile(day2, text(HAND_CHECKED_DAY2));
    const { malformed } = await analyzeAccessLogs([day1, day2]);
    expect(malformed).toEqual({
      count: 2,
      truncated: false,
      lines: [
        { file: day1, line: F.malformed.day1Line, reason: 'expected at least 25 fields, found 7' },
        { file: day2, line: F.malformed.day2Line, reason: expect.stringMatching(/^unterminated quoted field/) },
      ],
    });
  });

  it('reads .log.gz files and directories recursively, ignoring other files', async () => {
    await mkdir(join(dir, '2018', '07', '02'), { recursive: true });
    await mkdir(join(dir, '2018', '07', '03'), { recursive: true });
    await writeFile(join(dir, '2018', '07', '02', 'a.log'), text(HAND_CHECKED_DAY1));
    await writeFile(join(dir, '2018', '07', '03', 'b.log.gz'), gzipSync(text(HAND_CHECKED_DAY2)));
    await writeFile(join(dir, '2018', 'README.txt'), 'not a log\n');
    const report = await analyzeAccessLogs([dir]);
    expectHandCheckedFigures(report);
    expect(report.files).toBe(2);
    expect(report.malformed.lines.map((m) => m.file)).toEqual([
      join(dir, '2018', '07', '02', 'a.log'),
      join(dir, '2018', '07', '03', 'b.log.gz'),
    ]);
  });

  it('reads gzip streams made of several members, as concatenated S3 downloads are', async () => {
    const file = join(dir, 'joined.log.gz');
    await writeFile(file, Buffer.concat([gzipSync(text(HAND_CHECKED_DAY1)), gzipSync(text(HAND_CHECKED_DAY2))]));
    expectHandCheckedFigures(await analyzeAccessLogs([file]));
  });

  it('judges the SLO against the percentage given', async () => {
    const file = join(dir, 'day2.log');
    await writeFile(file, text(HAND_CHECKED_DAY2));
    expect((await analyzeAccessLogs([file], { sloPercent: 60 })).slo).toEqual({ targetPercent: 60, met: true });
    expect((await analyzeAccessLogs([file], { sloPercent: 60.1 })).slo).toEqual({ targetPercent: 60.1, met: false });
  });

  it('never meets the SLO without traffic', async () => {
    const file = join(dir, 'empty.log');
    await writeFile(file, '');
    const report = await analyzeAccessLogs([file]);
    expect(report).toMatchObject({ total: 0, successRate: null, slo: { met: false }, period: null });
  });

  it('records a corrupt gzip file as unreadable instead of failing', async () => {
    const good = join(dir, 'good.log');
    const bad = join(dir, 'bad.log.gz');
    await writeFile(good, text(HAND_CHECKED_DAY2));
    await writeFile(bad, gzipSync(text(HAND_CHECKED_DAY1)).subarray(0, 60));
    const report = await analyzeAccessLogs([good, bad]);
    expect(report.total).toBeGreaterThanOrEqual(5);
    expect(report.unreadableFiles).toEqual([{ file: bad, reason: expect.any(String) }]);
  });

  it('fails on a path that does not exist (a typo, not a log problem)', async () => {
    await expect(analyzeAccessLogs([join(dir, 'missing')])).rejects.toThrow(/ENOENT/);
  });

  it('caps the list of malformed lines but counts them all', async () => {
    const file = join(dir, 'noisy.log');
    await writeFile(file, text(Array.from({ length: 30 }, () => 'garbage')));
    const { malformed } = await analyzeAccessLogs([file], { maxMalformedListed: 5 });
    expect(malformed.count).toBe(30);
    expect(malformed.lines.map((m) => m.line)).toEqual([1, 2, 3, 4, 5]);
    expect(malformed.truncated).toBe(true);
  });

  it('bounds the number of routes tracked, grouping the rest', async () => {
    const file = join(dir, 'scan.log');
    const paths = ['/a', '/b', '/c', '/d'].map((p) => albLine({ request: `GET https://x:443${p} HTTP/1.1` }));
    await writeFile(file, text(paths));
    const report = await analyzeAccessLogs([file], { maxRoutes: 2 });
    expect(report.byRoute.map((r) => [r.route, r.total])).toEqual([
      [OTHER_ROUTES, 2],
      ['GET /a', 1],
      ['GET /b', 1],
    ]);
  });
});
