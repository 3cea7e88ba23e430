import { errorMessage, FailureDetail, MigrationReport, pushDetail } from './migration-report';
import { zeroTotals } from './migration-totals';
import { HospitalSink } from './ports/hospital-sink';
import { HospitalSource } from './ports/hospital-source';
import { ProgressReporter, SILENT_PROGRESS } from './ports/progress-reporter';

const PROGRESS_EVERY = 500;

/**
 * Writes every hospital of a source (legacy HOSP) to a sink (an export file). All or nothing:
 * the sink only becomes visible on commit, so an interrupted export leaves no half file and
 * running it again is the resume. Malformed source records are counted as failed and left
 * out; the export still completes, with a non-clean report.
 */
export class ExportHospitals {
  async execute(options: {
    source: HospitalSource;
    sink: HospitalSink;
    progress?: ProgressReporter;
    dryRun?: boolean;
    signal?: AbortSignal;
  }): Promise<MigrationReport> {
    const progress = options.progress ?? SILENT_PROGRESS;
    const dryRun = options.dryRun === true;
    const totals = zeroTotals();
    const failures: FailureDetail[] = [];
    const report = (complete: boolean, error?: string): MigrationReport => ({
      migration: 'export',
      dryRun,
      resumed: false,
      complete,
      totals: { ...totals },
      conflicts: [],
      failures,
      ...(error !== undefined && { error }),
    });
    const summary = await options.source.describe();
    progress.start(summary.total, 0);
    try {
      for await (const item of options.source.read()) {
        if (options.signal?.aborted) {
          await options.sink.abort();
          return report(false);
        }
        totals.read++;
        if ('invalid' in item) {
          totals.failed++;
          pushDetail(failures, { at: item.cursor, reason: item.invalid });
        } else {
          if (!dryRun) await options.sink.write(item.record);
          totals.written++;
        }
        if (totals.read % PROGRESS_EVERY === 0) progress.update(totals.read, totals);
      }
      if (dryRun) await options.sink.abort();
      else await options.sink.commit();
      progress.update(totals.read, totals);
      return report(true);
    } catch (error) {
      await options.sink.abort();
      return report(false, errorMessage(error));
    } finally {
      progress.stop();
    }
  }
}
