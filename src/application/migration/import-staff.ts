import { isDomainError } from '../../domain/errors';
import { Clock } from '../../domain/ports/clock';
import { StaffIdAllocator } from '../../domain/ports/id-allocator';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { SYSTEM_ACTOR, usernameKey } from '../../domain/staff';
import { toTimestamp } from '../../domain/timestamp';
import { LinkLegacyIdentity } from '../staff/link-legacy-identity';
import { RegisterStaff } from '../staff/register-staff';
import { ConflictDetail, MigrationReport, pushDetail } from './migration-report';
import { MigrationRun } from './migration-run';
import { runMigration } from './migration-runner';
import { MigrationTotals } from './migration-totals';
import { CheckpointStore } from './ports/checkpoint-store';
import { ProgressReporter, SILENT_PROGRESS } from './ports/progress-reporter';
import { LedgerMember, StaffDryRunLedger } from './staff-dry-run-ledger';
import { StaffCredentialRow, StaffCredentialSource, StaffSourceItem } from './ports/staff-credential-source';

const CHECKPOINT_EVERY = 25;

/**
 * Imports staff accounts through RegisterStaff, so every password is validated and hashed
 * on the way in (never stored or logged as sent) and each account gets its audit entry.
 * The file's staff id is legacy's: a new account keeps it as its staff id and is linked to
 * it as its legacy staff id. An existing username is skipped, or, when it has no legacy
 * link yet (enrolled lazily, or imported before links existed), linked to the file's id
 * through LinkLegacyIdentity. An existing account linked to another id or with another role
 * is a conflict and left alone (roles are never changed by an import); so is a staff id or
 * legacy id already taken. Staff ids from the file are seeded into the allocator first, so
 * accounts created later never collide with them. Failures name the row and the field only.
 * A dry run makes every check of the real run (the password rules through RegisterStaff,
 * taken usernames and ids through a StaffDryRunLedger, rows that clash with each other) and
 * writes nothing.
 */
export class ImportStaff {
  constructor(
    private readonly directory: StaffDirectory,
    private readonly staffIds: StaffIdAllocator,
    private readonly registerStaff: Pick<RegisterStaff, 'execute' | 'validate'>,
    private readonly linkLegacyIdentity: Pick<LinkLegacyIdentity, 'execute'>,
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
    const summary = await options.source.describe();
    const key = { migration: 'staff-import', source: summary.identity, target: options.target };
    const run = await MigrationRun.start(options.checkpoints, key, toTimestamp(this.clock.now()), dryRun);

    if (!dryRun && summary.highestId > 0) await this.staffIds.seedAbove(summary.highestId);
    const ledger = dryRun ? await StaffDryRunLedger.of(this.directory) : undefined;
    return runMigration(
      run,
      {
        units: options.source.read(run.resumeAfter),
        cursorOf: (item) => item.cursor,
        sizeOf: () => 1,
        saveEvery: CHECKPOINT_EVERY,
        total: summary.total,
        progress: options.progress ?? SILENT_PROGRESS,
        signal: options.signal,
      },
      (item) => this.importRow(item, ledger, run),
    );
  }

  /** One row: created, linked, skipped, a conflict or a failure, counted in the run; throws only when the run cannot go on. */
  private async importRow(item: StaffSourceItem, ledger: StaffDryRunLedger | undefined, run: MigrationRun): Promise<void> {
    const { totals, conflicts, failures } = run;
    // What a refusal as ALREADY_EXISTS means for this row: a new account's staff id
    // (which is also its legacy id) or, for an existing account, the legacy id, is taken.
    let takenFields = ['staffId'];
    try {
      const key = 'row' in item ? usernameKey(item.row.username) : undefined;
      const existing = key === undefined ? null : ledger ? ledger.find(key) : await this.directory.findByUsername(key);
      if ('invalid' in item) {
        totals.failed++;
        pushDetail(failures, { at: item.cursor, reason: item.invalid });
      } else if (existing) {
        takenFields = ['legacyStaffId'];
        await this.updateExisting(existing, item.row, ledger, totals, conflicts);
      } else {
        const { username, password, staffId, role } = item.row;
        const ids = staffId === undefined ? {} : { staffId, legacyStaffId: staffId };
        const input = { username, password, ...ids, ...(role !== undefined && { role }) };
        if (ledger) {
          await this.registerStaff.validate(input, SYSTEM_ACTOR);
          ledger.add({ usernameKey: key!, ...input });
        } else {
          await this.registerStaff.execute(input, SYSTEM_ACTOR);
        }
        totals.written++;
      }
    } catch (error) {
      if (isDomainError(error) && error.code === 'ALREADY_EXISTS') {
        totals.conflicts++;
        pushDetail(conflicts, { key: 'row' in item ? item.row.username : item.cursor, fields: takenFields });
      } else if (isDomainError(error) && error.code === 'VALIDATION_FAILED') {
        totals.failed++;
        // Field names and rule messages only: the messages never quote the value.
        const problems = Object.entries(error.details ?? {}).map(([field, list]) => `${field} ${list.join('; ')}`);
        pushDetail(failures, { at: item.cursor, reason: problems.join(', ') || error.message });
      } else {
        // Not counted as read: the runner counts the row as failed and keeps the checkpoint before it.
        throw error;
      }
    }
    totals.read++;
  }

  /**
   * An account that already exists: linked to the file's legacy id if it has no link yet;
   * skipped if it matches; a conflict (left alone) if its link or role differs.
   */
  private async updateExisting(
    existing: LedgerMember,
    row: StaffCredentialRow,
    ledger: StaffDryRunLedger | undefined,
    totals: MigrationTotals,
    conflicts: ConflictDetail[],
  ): Promise<void> {
    const differs = [
      ...(row.staffId !== undefined && existing.legacyStaffId !== null && existing.legacyStaffId !== row.staffId ? ['legacyStaffId'] : []),
      ...(row.role !== undefined && row.role !== existing.role ? ['role'] : []),
    ];
    if (differs.length > 0) {
      totals.conflicts++;
      pushDetail(conflicts, { key: row.username, fields: differs });
    } else if (row.staffId === undefined || existing.legacyStaffId !== null) {
      totals.skipped++;
    } else {
      if (ledger) ledger.link(existing.usernameKey, row.staffId);
      else await this.linkLegacyIdentity.execute({ username: row.username, legacyStaffId: row.staffId }, SYSTEM_ACTOR);
      totals.written++;
    }
  }
}
