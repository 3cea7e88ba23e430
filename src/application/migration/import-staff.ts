import { isDomainError } from '../../domain/errors';
import { Clock } from '../../domain/ports/clock';
import { StaffIdAllocator } from '../../domain/ports/id-allocator';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { SYSTEM_ACTOR, usernameKey } from '../../domain/staff';
import { toTimestamp } from '../../domain/timestamp';
import { RegisterStaff } from '../staff/register-staff';
import { errorMessage, MigrationReport, pushDetail } from './migration-report';
import { MigrationRun } from './migration-run';
import { CheckpointStore } from './ports/checkpoint-store';
import { ProgressReporter, SILENT_PROGRESS } from './ports/progress-reporter';
import { StaffCredentialSource } from './ports/staff-credential-source';

const CHECKPOINT_EVERY = 25;

/**
 * Imports staff accounts through RegisterStaff, so every password is validated and hashed
 * on the way in (never stored or logged as sent) and each account gets its audit entry.
 * Existing usernames are skipped; one existing under another staff id, or a staff id already
 * taken, is a conflict. Staff ids from the file are seeded into the allocator first, so
 * accounts created later never collide with them. Failures name the row and the field only.
 */
export class ImportStaff {
  constructor(
    private readonly directory: StaffDirectory,
    private readonly staffIds: StaffIdAllocator,
    private readonly registerStaff: Pick<RegisterStaff, 'execute'>,
    private readonly clock: Clock,
  ) {}

  async execute(options: {
    source: StaffCredentialSource;
    target: string;
    checkpoints: CheckpointStore;
    progress?: ProgressReporter;
    dryRun?: boolean;
    signal?: AbortSignal;
  }): Promise<MigrationReport> {
    const dryRun = options.dryRun === true;
    const progress = options.progress ?? SILENT_PROGRESS;
    const summary = await options.source.describe();
    const key = { migration: 'staff-import', source: summary.identity, target: options.target };
    const run = await MigrationRun.start(options.checkpoints, key, toTimestamp(this.clock.now()), dryRun);
    const { totals, conflicts, failures } = run;

    if (!dryRun && summary.highestId > 0) await this.staffIds.seedAbove(summary.highestId);
    progress.start(summary.total, totals.read);
    try {
      for await (const item of options.source.read(run.resumeAfter)) {
        if (options.signal?.aborted) {
          await run.save(false);
          return run.report(false);
        }
        totals.read++;
        try {
          if ('invalid' in item) {
            totals.failed++;
            pushDetail(failures, { at: item.cursor, reason: item.invalid });
          } else {
            const { username, password, staffId } = item.row;
            const existing = await this.directory.findByUsername(usernameKey(username));
            if (existing) {
              if (staffId === undefined || staffId === existing.staffId) totals.skipped++;
              else {
                totals.conflicts++;
                pushDetail(conflicts, { key: username, fields: ['staffId'] });
              }
            } else if (dryRun) {
              totals.written++;
            } else {
              await this.registerStaff.execute({ username, password, ...(staffId !== undefined && { staffId }) }, SYSTEM_ACTOR);
              totals.written++;
            }
          }
        } catch (error) {
          if (isDomainError(error) && error.code === 'ALREADY_EXISTS') {
            totals.conflicts++;
            pushDetail(conflicts, { key: 'row' in item ? item.row.username : item.cursor, fields: ['staffId'] });
          } else if (isDomainError(error) && error.code === 'VALIDATION_FAILED') {
            totals.failed++;
            // Field names and rule messages only: the messages never quote the value.
            const problems = Object.entries(error.details ?? {}).map(([field, list]) => `${field} ${list.join('; ')}`);
            pushDetail(failures, { at: item.cursor, reason: problems.join(', ') || error.message });
          } else {
            // The checkpoint stays before this row, so a resumed run tries it again.
            totals.read--;
            await run.save(false);
            totals.read++;
            totals.failed++;
            return run.report(false, errorMessage(error));
          }
        }
        run.cursor = item.cursor;
        if (totals.read % CHECKPOINT_EVERY === 0) {
          await run.save(false);
          progress.update(totals.read, totals);
        }
      }
      await run.save(true);
      return run.report(true);
    } finally {
      progress.stop();
    }
  }
}
