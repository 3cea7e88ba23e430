import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { creatableFile } from '../argument-parsers';
import { ACCESS_LOG_FORMATS, type AccessLogFormat } from '../../../tools/access-logs/access-log-format';
import { analyzeAccessLogSources, type AccessLogsAnalysis } from '../../../tools/access-logs/analyze-access-logs';
import { renderHtmlReport } from '../../../tools/access-logs/render-html-report';
import { renderTextAnalysis } from '../../../tools/access-logs/render-text-report';

/** Where the command writes and how it ends; replaced in tests. */
export interface LogsAnalyzeIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** 1 when the SLO is missed, 2 when the paths cannot be read or hold no log file. */
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
  format?: AccessLogFormat;
}

const sloPercent = (value: string): number => {
  const n = Number(value);
  if (!(n > 0 && n <= 100)) throw new InvalidArgumentError('must be a percentage above 0 and at most 100');
  return n;
};

/**
 * `--json`: with one source (the usual case) that source's report, as before; with several,
 * `{ sources: [...], comparison }`.
 */
function json(analysis: AccessLogsAnalysis): string {
  const body = analysis.sources.length === 1 ? analysis.sources[0] : analysis;
  return `${JSON.stringify(body, null, 2)}\n`;
}

/**
 * `hosp logs analyze PATH…`: success rate, 5xx by producer and route, latency percentiles,
 * per day and hour, and the error budget, from CloudFront, HTTP API and ALB access logs
 * (several at once: side by side, with the amplification); exit status 1 when the SLO is
 * missed by what clients received (the outermost source). Returns the `logs` command group,
 * so main registers it with one `addCommand`.
 */
export function logsAnalyzeCommand(io: LogsAnalyzeIo = processIo): Command {
  const analyze = new Command('analyze')
    .description('Analyse CloudFront, HTTP API and ALB access logs (files or directories, plain or gzipped)')
    .argument('<paths...>', 'log files or directories (searched recursively for *.log, *.gz, *.json, *.jsonl, *.ndjson)')
    .option('--json', 'print the report as JSON instead of tables')
    .option('--html <file>', 'also write a self-contained HTML report with charts', creatableFile)
    .option('--slo <percent>', 'success-rate objective in percent; exit status 1 when missed', sloPercent, 99)
    .addOption(
      new Option('--format <format>', 'read every file as this format instead of detecting it per file').choices([...ACCESS_LOG_FORMATS]),
    )
    .action(async (paths: string[], flags: LogsAnalyzeFlags) => {
      let analysis;
      try {
        analysis = await analyzeAccessLogSources(paths, { sloPercent: flags.slo, format: flags.format });
      } catch (error) {
        io.stderr(`hosp logs analyze: ${error instanceof Error ? error.message : String(error)}\n`);
        io.setExitCode(2);
        return;
      }
      io.stdout(flags.json === true ? json(analysis) : renderTextAnalysis(analysis));
      if (flags.html !== undefined) {
        await writeFile(flags.html, renderHtmlReport(analysis, io.now()), 'utf8');
        io.stderr(`HTML report written to ${flags.html}\n`);
      }
      const malformed = analysis.sources.reduce((sum, s) => sum + s.malformed.count, 0);
      if (malformed > 0 && flags.json === true) io.stderr(`${malformed} malformed line(s) skipped\n`);
      if (!analysis.sources[0]!.slo.met) io.setExitCode(1);
    });
  return new Command('logs').description('Work with CloudFront, API Gateway and load-balancer access logs').addCommand(analyze);
}
