import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { analyzeAccessLogs } from '../../logs/analyze-access-logs';
import { renderHtmlReport } from '../../logs/render-html-report';
import { renderTextReport } from '../../logs/render-text-report';

/** Where the command writes and how it ends; replaced in tests. */
export interface LogsAnalyzeIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** 1 when the SLO is missed, 2 when the paths cannot be read. */
  readonly setExitCode: (code: number) => void;
  readonly now: () => Date;
}

const processIo: LogsAnalyzeIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
  now: () => new Date(),
};

interface LogsAnalyzeFlags {
  json?: boolean;
  html?: string;
  slo: number;
}

const sloPercent = (value: string): number => {
  const n = Number(value);
  if (!(n > 0 && n <= 100)) throw new InvalidArgumentError('must be a percentage above 0 and at most 100');
  return n;
};

/**
 * `hosp logs analyze PATH…`: success rate, 5xx by producer and route, latency percentiles,
 * per day and hour, from ALB access logs; exit status 1 when the SLO is missed. Returns
 * the `logs` command group, so main registers it with one `addCommand`.
 */
export function logsAnalyzeCommand(io: LogsAnalyzeIo = processIo): Command {
  const analyze = new Command('analyze')
    .description('Analyse AWS Application Load Balancer access logs (.log, .log.gz, directories)')
    .argument('<paths...>', 'log files or directories (searched recursively for *.log and *.log.gz)')
    .option('--json', 'print the report as JSON instead of a table')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--slo <percent>', 'success-rate objective in percent; exit status 1 when missed', sloPercent, 99)
    .action(async (paths: string[], flags: LogsAnalyzeFlags) => {
      let report;
      try {
        report = await analyzeAccessLogs(paths, { sloPercent: flags.slo });
      } catch (error) {
        io.stderr(`hosp logs analyze: ${error instanceof Error ? error.message : String(error)}\n`);
        io.setExitCode(2);
        return;
      }
      io.stdout(flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderTextReport(report));
      if (flags.html !== undefined) {
        await writeFile(flags.html, renderHtmlReport(report, io.now()), 'utf8');
        io.stderr(`HTML report written to ${flags.html}\n`);
      }
      if (report.malformed.count > 0 && flags.json === true) {
        io.stderr(`${report.malformed.count} malformed line(s) skipped\n`);
      }
      if (!report.slo.met) io.setExitCode(1);
    });
  return new Command('logs').description('Work with load-balancer access logs').addCommand(analyze);
}
