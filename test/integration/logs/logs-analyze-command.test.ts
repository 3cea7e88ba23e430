import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logsAnalyzeCommand, type LogsAnalyzeIo } from '../../../src/adapters/cli/commands/logs-analyze';
import { HAND_CHECKED_DAY1, HAND_CHECKED_DAY2, HAND_CHECKED_FIGURES as F } from '../../support/alb-log-samples';

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
});
