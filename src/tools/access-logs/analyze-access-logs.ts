import { ACCESS_LOG_FORMATS, type AccessLogFormat } from './access-log-format';
import { AccessLogAnalysis, type AccessLogAnalysisOptions } from './access-log-analysis';
import { createParser, detectFormat } from './access-log-detection';
import type { AccessLogParser } from './access-log-parser';
import type { AccessLogReport } from './access-log-report';
import { AccessRecord, type RecordSink } from './access-record';
import { forEachLine, listLogFiles, MAX_LINE_BYTES } from './log-file-source';
import { compareSources, type SourceComparison } from './source-comparison';

/** What to analyse and against which objective. */
export interface AnalyzeAccessLogsOptions extends AccessLogAnalysisOptions {
  /** Success-rate objective in percent (default 99). */
  readonly sloPercent?: number;
  /** Read every file as this format instead of detecting each file's format. */
  readonly format?: AccessLogFormat;
}

/** The sources found (one per format, client side first) and, with several, how they compare. */
export interface AccessLogsAnalysis {
  readonly sources: readonly AccessLogReport[];
  readonly comparison: SourceComparison | null;
}

/** No log file under the paths given (a directory of something else, or an empty one). */
export class NoLogsFoundError extends Error {
  constructor(paths: readonly string[]) {
    super(`no logs found in ${paths.join(', ')} (looked for *.log, *.gz, *.json, *.jsonl)`);
    this.name = 'NoLogsFoundError';
  }
}

/**
 * Reads access logs of any supported format (files, or directories searched recursively;
 * plain or gzipped), one line at a time, each file in the format its first line shows (or
 * `options.format`), and reports each format as a source. Malformed lines and unreadable
 * files are recorded in the reports, never fatal; a path that does not exist is (a typo),
 * and so is finding no log file at all (`NoLogsFoundError`).
 */
export async function analyzeAccessLogSources(
  paths: readonly string[],
  options: AnalyzeAccessLogsOptions = {},
): Promise<AccessLogsAnalysis> {
  const files = await listLogFiles(paths);
  if (files.length === 0) throw new NoLogsFoundError(paths);
  const analyses = new Map<AccessLogFormat, AccessLogAnalysis>();
  const analysisOf = (format: AccessLogFormat): AccessLogAnalysis => {
    let analysis = analyses.get(format);
    if (analysis === undefined) {
      analysis = new AccessLogAnalysis(format, options);
      analyses.set(format, analysis);
    }
    return analysis;
  };
  /** Files whose format no line showed (empty, or unreadable from the start): placed once the others are known. */
  const undetermined: Array<{ file: string; error?: string }> = [];
  const record = new AccessRecord(); // reused for every line
  for (const file of files) {
    let parser: AccessLogParser | null = options.format === undefined ? null : createParser(options.format);
    let analysis: AccessLogAnalysis | null = parser === null ? null : analysisOf(parser.format);
    analysis?.addFile();
    let lineNumber = 0;
    const sink: RecordSink = {
      record: (r) => analysis!.add(r),
      malformed: (reason) => analysis!.addMalformed(file, lineNumber, reason),
    };
    try {
      await forEachLine(
        file,
        (line, n) => {
          if (line.length < 3 && line.trim() === '') return;
          if (parser === null) {
            parser = createParser(detectFormat(line));
            analysis = analysisOf(parser.format);
            analysis.addFile();
          }
          lineNumber = n;
          parser.parse(line, record, sink);
        },
        (n) => {
          if (analysis === null) {
            parser = createParser(options.format ?? 'alb');
            analysis = analysisOf(parser.format);
            analysis.addFile();
          }
          analysis.addMalformed(file, n, `line longer than ${MAX_LINE_BYTES} bytes`);
        },
      );
      if (analysis === null) undetermined.push({ file });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (analysis === null) undetermined.push({ file, error: reason });
      else analysis.addUnreadable(file, reason);
    }
  }
  const home = analysisOf(analyses.size === 1 ? [...analyses.keys()][0]! : options.format ?? 'alb');
  for (const { file, error } of undetermined) {
    home.addFile();
    if (error !== undefined) home.addUnreadable(file, error);
  }
  const sloPercent = options.sloPercent ?? 99;
  const sources = ACCESS_LOG_FORMATS.filter((f) => analyses.has(f)).map((f) => analyses.get(f)!.report(sloPercent));
  return { sources, comparison: sources.length > 1 ? compareSources(sources) : null };
}

/** The report of the outermost source found (what clients received); see analyzeAccessLogSources. */
export async function analyzeAccessLogs(paths: readonly string[], options: AnalyzeAccessLogsOptions = {}): Promise<AccessLogReport> {
  return (await analyzeAccessLogSources(paths, options)).sources[0]!;
}
