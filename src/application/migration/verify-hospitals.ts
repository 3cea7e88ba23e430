import { Hospital, HospitalId } from '../../domain/hospital';
import { HospitalRepository } from '../../domain/ports/hospital-repository';
import { differingFields } from './migration-record';
import { ConflictDetail, FailureDetail, MAX_DETAILS, pushDetail } from './migration-report';
import { HospitalSource } from './ports/hospital-source';
import { ProgressReporter, SILENT_PROGRESS } from './ports/progress-reporter';

/** Legacy (or an export file) compared with the store, record by record. */
export interface VerifyReport {
  /** True only when every record matches and none is missing, extra or malformed. */
  readonly matching: boolean;
  readonly sourceCount: number;
  readonly storeCount: number;
  readonly matched: number;
  /** In the source, not in the store (count, and the first ids). */
  readonly missing: { readonly count: number; readonly ids: HospitalId[] };
  /** In the store, not in the source (e.g. created in hosp after the migration). */
  readonly extra: { readonly count: number; readonly ids: HospitalId[] };
  /** In both with different content. */
  readonly different: { readonly count: number; readonly records: ConflictDetail[] };
  /** Malformed source records, and repeats of an id with different content. */
  readonly invalid: { readonly count: number; readonly records: FailureDetail[] };
}

const PAGE_SIZE = 1000;

/**
 * Compares a source with the store: reads the whole source, then pages through the store
 * newest first, matching by id. Read-only, so it needs no checkpoint; run it as often as
 * wanted (before flipping a route, and again while shadowing).
 */
export class VerifyHospitals {
  constructor(private readonly hospitals: HospitalRepository) {}

  async execute(options: { source: HospitalSource; progress?: ProgressReporter }): Promise<VerifyReport> {
    const progress = options.progress ?? SILENT_PROGRESS;
    const summary = await options.source.describe();
    const expected = new Map<HospitalId, Hospital>();
    const invalid = { count: 0, records: [] as FailureDetail[] };
    let sourceCount = 0;
    for await (const item of options.source.read()) {
      sourceCount++;
      if ('invalid' in item) {
        invalid.count++;
        pushDetail(invalid.records, { at: item.cursor, reason: item.invalid });
      } else {
        const { hospital } = item.record;
        const earlier = expected.get(hospital.id);
        if (!earlier) expected.set(hospital.id, hospital);
        else if (differingFields(earlier, hospital).length > 0) {
          // The source disagrees with itself: no store can match it (import reports it as a conflict).
          invalid.count++;
          pushDetail(invalid.records, { at: item.cursor, reason: `id ${hospital.id} appears again with different content` });
        }
      }
    }

    const totals = { read: 0, written: 0, skipped: 0, conflicts: 0, failed: invalid.count };
    const extra = { count: 0, ids: [] as HospitalId[] };
    const different = { count: 0, records: [] as ConflictDetail[] };
    let storeCount = 0;
    let matched = 0;
    progress.start(summary.total, 0);
    try {
      let cursor: string | undefined;
      do {
        const page = await this.hospitals.list({ limit: PAGE_SIZE, ...(cursor !== undefined && { cursor }) });
        for (const stored of page.items) {
          storeCount++;
          const wanted = expected.get(stored.id);
          if (!wanted) {
            extra.count++;
            pushDetail(extra.ids, stored.id);
            continue;
          }
          expected.delete(stored.id);
          totals.read++;
          const fields = differingFields(wanted, stored);
          if (fields.length === 0) matched++;
          else {
            different.count++;
            totals.conflicts++;
            pushDetail(different.records, { key: String(stored.id), fields });
          }
        }
        progress.update(totals.read, totals);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
    } finally {
      progress.stop();
    }

    const missingIds = [...expected.keys()].sort((a, b) => a - b);
    const missing = { count: missingIds.length, ids: missingIds.slice(0, MAX_DETAILS) };
    return {
      matching: missing.count === 0 && extra.count === 0 && different.count === 0 && invalid.count === 0,
      sourceCount,
      storeCount,
      matched,
      missing,
      extra,
      different,
      invalid,
    };
  }
}
