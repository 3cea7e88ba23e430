import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { logsAnalyzeCommand, type LogsAnalyzeIo } from '../../../src/adapters/cli/commands/logs-analyze';
import { HAND_CHECKED_DAY1, HAND_CHECKED_DAY2, HAND_CHECKED_FIGURES as F } from '../../support/alb-log-samples';

const FIXTURES = resolve(__dirname, '../../fixtures/logs');

let dir: string;
let day1: string;
let day2: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hosp-logs-cli-'));
  day1 = join(dir, 'day1.log');
  day2 = join(dir, 'day2.log');
  await writeFile(day1, `${HAND_CHECKED_DAY1.join('\n')}\n`);
  await writeFile(day2, `${HAND_CHECKED_DAY2.join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `hosp logs analyze …` in-process and captures what it printed and its exit status. */
async function run(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const result = { stdout: '', stderr: '', exitCode: 0 };
  const io: LogsAnalyzeIo = {
    stdout: (t) => (result.stdout += t),
    stderr: (t) => (result.stderr += t),
    setExitCode: (code) => (result.exitCode = code),
    now: () => new Date('2024-01-01T00:00:00Z'),
  };
  const command = logsAnalyzeCommand(io).exitOverride();
  command.commands.forEach((c) => c.exitOverride().configureOutput({ writeErr: (t) => (result.stderr += t) }));
  await command.parseAsync(['analyze', ...args], { from: 'user' });
  return result;
}

describe('hosp logs analyze', () => {
  it('prints the JSON report with the documented keys and exits 1 when the SLO is missed', async () => {
    const { stdout, exitCode } = await run(day1, day2, '--json');
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['total', 'successRate', 'errors5xx', 'latencyMs', 'byRoute', 'byDay', 'malformed']),
    );
    expect(report.total).toBe(F.total);
    expect(report.errors5xx).toEqual(F.errors5xx);
    expect(report.latencyMs.max).toBe(F.latencyMs.max);
    expect(report.malformed.count).toBe(2);
    expect(report.slo).toEqual({ targetPercent: 99, met: false });
    expect(exitCode).toBe(1);
  });

  it('exits 0 when the SLO given with --slo is met', async () => {
    const { stdout, exitCode } = await run(day2, '--json', '--slo', '60');
    expect(JSON.parse(stdout).slo).toEqual({ targetPercent: 60, met: true });
    expect(exitCode).toBe(0);
  });

  it('prints a readable table by default', async () => {
    const { stdout } = await run(day1, day2, '--slo', '50');
    expect(stdout).toContain('12 request(s)');
    expect(stdout).toMatch(/Success rate\s+58\.33 %\s+\(SLO 50 %: MET\)/);
    expect(stdout).toMatch(/5xx to clients\s+5\s+\(elb 4, target 1\)/);
    expect(stdout).toMatch(/2018-07-02\s+7\s+57\.14 %\s+2\s+1/);
    expect(stdout).toMatch(/2018-07-03T00\s+5\s+60\.00 %\s+2\s+0/);
    expect(stdout).toMatch(/GET \/hospitals\/\{id\}\s+2\s+50\.00 %\s+0\s+1/);
    expect(stdout).toContain(`${day1}:5  expected at least 25 fields, found 7`);
  });

  it('writes the HTML report with --html', async () => {
    const html = join(dir, 'report.html');
    const { stderr } = await run(day1, day2, '--html', html, '--json');
    const page = await readFile(html, 'utf8');
    expect(stderr).toContain(`HTML report written to ${html}`);
    expect(page).toContain('data-chart="success-rate-per-day"');
    expect(page).toContain('data-label="2018-07-03" data-value="60"');
  });

  it('exits 2 with a message when a path does not exist', async () => {
    const { stderr, exitCode } = await run(join(dir, 'nope'));
    expect(stderr).toMatch(/hosp logs analyze: .*ENOENT/);
    expect(exitCode).toBe(2);
  });

  it('rejects an --slo that is not a percentage', async () => {
    await expect(run(day1, '--slo', '120')).rejects.toThrow(/percentage/);
  });

  it('exits 2 with "no logs found" for a directory that holds no log file', async () => {
    const empty = join(dir, 'no-logs');
    await mkdir(empty, { recursive: true });
    await writeFile(join(empty, 'README.txt'), 'not a log\n');
    const { stdout, stderr, exitCode } = await run(empty);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^hosp logs analyze: no logs found in .*no-logs/);
    expect(exitCode).toBe(2);
  });

  it('rejects a --format it does not know', async () => {
    await expect(run(day1, '--format', 'nginx')).rejects.toThrow(/Allowed choices are cloudfront, apigw, alb/);
  });

  it('reads every file as the --format given', async () => {
    const { stdout } = await run(join(FIXTURES, 'cloudfront'), '--format', 'alb', '--json');
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ format: 'alb', total: 0, malformed: { count: 15 } });
  });

  it('prints the error budget of the --slo given, with its worst windows', async () => {
    const { stdout, exitCode } = await run(join(FIXTURES, 'cloudfront'), '--slo', '99.95');
    expect(stdout).toContain('CloudFront standard logs: 2 file(s), 10 request(s)');
    expect(stdout).toMatch(/5xx to clients\s+3\s+\(edge 2, origin 1\)/);
    expect(stdout).toMatch(/Error budget \(SLO 99\.95 %\)\n\s+allowed failures\s+0\.005\s+\(10 requests × 0\.05 %\)\n\s+spent\s+3/);
    expect(stdout).toMatch(/worst 1 h windows:\n\s+2026-11-30T10:15:00\.000Z … 2026-11-30T11:15:00\.000Z\s+burn 1000\.00\s+\(2 of 4 failed\)/);
    expect(exitCode).toBe(1);
  });

  it('with several sources prints them side by side, judges the SLO on what clients received, and --json holds sources and comparison', async () => {
    const sources = [join(FIXTURES, 'alb'), join(FIXTURES, 'cloudfront'), join(FIXTURES, 'apigw')];
    const text = await run(...sources, '--slo', '60');
    expect(text.stdout).toMatch(/Amplification\s+1\.30 alb request\(s\) per cloudfront request/);
    expect(text.stdout).toMatch(/2026-11-30T11\s+4\s+75\.00 %\s+4\s+75\.00 %\s+6\s+50\.00 %\s+1\.50/);
    expect(text.exitCode).toBe(0); // CloudFront's 70 % meets 60 %; legacy's 46 % per attempt does not decide
    const json = await run(...sources, '--json');
    const body = JSON.parse(json.stdout);
    expect(Object.keys(body)).toEqual(['sources', 'comparison']);
    expect(body.sources.map((s: { format: string }) => s.format)).toEqual(['cloudfront', 'apigw', 'alb']);
    expect(body.comparison.amplification).toBeCloseTo(1.3, 10);
    expect(json.exitCode).toBe(1);
  });
});
