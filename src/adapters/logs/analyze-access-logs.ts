import { AccessLogAnalysis, type AccessLogAnalysisOptions } from './access-log-analysis';
import type { AccessLogReport } from './access-log-report';
import { forEachLine, listLogFiles, MAX_LINE_BYTES } from './log-file-source';
import { ScannedAlbLine, scanAlbLogLine } from './parse-alb-log-line';

/** What to analyse and against which objective. */
export interface AnalyzeAccessLogsOptions extends AccessLogAnalysisOptions {
  /** Success-rate objective in percent (default 99). */
  readonly sloPercent?: number;
}

/**
 * Reads ALB access logs (files, or directories searched recursively; plain or gzipped),
 * one line at a time, and returns the report. Malformed lines and unreadable files are
 * recorded in the report, never fatal; a path that does not exist is (it is a typo).
 */
export async function analyzeAccessLogs(
  paths: readonly string[],
  options: AnalyzeAccessLogsOptions = {},
): Promise<AccessLogReport> {
  const analysis = new AccessLogAnalysis(options);
  const scanned = new ScannedAlbLine(); // reused for every line
  for (const file of await listLogFiles(paths)) {
    analysis.addFile();
    try {
      await forEachLine(
        file,
        (line, lineNumber) => {
          if (line.length < 3 && line.trim() === '') return;
          const reason = scanAlbLogLine(line, scanned);
          if (reason === null) analysis.addScanned(scanned);
          else analysis.addMalformed(file, lineNumber, reason);
        },
        (lineNumber) => analysis.addMalformed(file, lineNumber, `line longer than ${MAX_LINE_BYTES} bytes`),
      );
    } catch (error) {
      analysis.addUnreadable(file, error instanceof Error ? error.message : String(error));
    }
  }
  return analysis.report(options.sloPercent ?? 99);
}
