import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { ExportHospitals } from '../../../application/migration/export-hospitals';
import { ImportHospitals } from '../../../application/migration/import-hospitals';
import { ImportStaff } from '../../../application/migration/import-staff';
import { isCleanReport, MigrationReport } from '../../../application/migration/migration-report';
import { HospitalSource } from '../../../application/migration/ports/hospital-source';
import { ProgressReporter } from '../../../application/migration/ports/progress-reporter';
import { VerifyHospitals, VerifyReport } from '../../../application/migration/verify-hospitals';
import { FileCheckpointStore } from '../../migration/file-checkpoint-store';
import { HospitalFileSink } from '../../migration/hospital-file-sink';
import { HospitalFileSource } from '../../migration/hospital-file-source';
import { StaffCsvSource } from '../../migration/staff-csv-source';
import { creatableFile, readableFile } from '../argument-parsers';
import { oneLineMessage } from '../one-line-message';
import { terminalProgress } from '../terminal-progress';
import { EXIT } from '../usage-error';

/** The migration use cases over the configured store; built in src/infra. */
export interface MigrateRuntime {
  readonly importHospitals: Pick<ImportHospitals, 'execute'>;
  readonly verifyHospitals: Pick<VerifyHospitals, 'execute'>;
  readonly importStaff: Pick<ImportStaff, 'execute'>;
  /** Names the store written to (kind and table), so a checkpoint never resumes against another. */
  readonly target: string;
  /** Whether the store holds any hospital at all. */
  holdsHospitals(): Promise<boolean>;
  /** Legacy's hospitals, when opened with legacy; closed with the runtime. */
  readonly legacy?: LegacyAccess;
  close(): Promise<void>;
}

/** All of legacy's hospitals through the resilient client, from HOSP_LEGACY_URL / HOSP_LEGACY_AUTH, and the export of them; built in src/infra. */
export interface LegacyAccess {
  readonly source: HospitalSource;
  readonly exportHospitals: Pick<ExportHospitals, 'execute'>;
  close(): Promise<void>;
}

export interface MigrateDependencies {
  /** The store, and legacy with it when `withLegacy` (copy, verify against legacy). */
  open(withLegacy: boolean): Promise<MigrateRuntime>;
  /** Legacy alone (export): no store is opened. */
  openLegacy(): Promise<LegacyAccess>;
  /** Where checkpoints go without `--checkpoint` (HOSP_DATA_DIR/migrations). */
  checkpointDir(): string;
  out?: (text: string) => void;
  err?: (text: string) => void;
  /** Progress for a label; a bar or plain lines on stderr by default. */
  progress?: (label: string) => ProgressReporter;
  setExitCode?: (code: number) => void;
  /** Where SIGINT/SIGTERM come from; tests pass an emitter. */
  signals?: Pick<NodeJS.Process, 'once' | 'off'>;
}

interface CommonFlags {
  dryRun?: boolean;
  json?: boolean;
  checkpoint?: string;
  batchSize?: number;
  overwrite?: boolean;
  intoNonEmpty?: boolean;
}

/** What every load into the store is given, whatever it loads. */
interface LoadOptions {
  readonly target: string;
  readonly checkpoints: FileCheckpointStore;
  readonly progress: ProgressReporter;
  readonly dryRun: boolean;
  readonly signal: AbortSignal;
}

const EXIT_FAILED = EXIT.failed;
const EXIT_INTERRUPTED = EXIT.interrupted;

/** What to do about conflicts: only hospital imports have --overwrite. */
const CONFLICT_HINTS: Record<string, string> = {
  'staff import':
    'Conflicting accounts were left alone (the username, staff id or legacy id is taken, or the role differs); ' +
    'check them with `hosp staff list`, then fix the file or the accounts (`hosp staff link`, `hosp staff role`).',
  default: 'Conflicting records were left alone; check them, then use --overwrite to replace them.',
};

const batchSize = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('must be a whole number from 1 to 10000');
  return n;
};

/**
 * `hosp migrate export|import|copy|verify` and `hosp migrate staff import`: moves legacy
 * HOSP's data into the configured store, resumably and verifiably (docs/migration.md).
 * Exit status: 0 when clean; 1 on any failure, conflict or verify mismatch; 2 when called
 * wrongly (a missing --in file, an --out directory that is not there); 130 when interrupted (Ctrl+C stops at the next batch, checkpoint saved: run it again to resume).
 */
export function migrateCommand(deps: MigrateDependencies): Command {
  const out = deps.out ?? ((text: string) => void process.stdout.write(text));
  const err = deps.err ?? ((text: string) => void process.stderr.write(text));
  const progress = deps.progress ?? ((label: string) => terminalProgress(label));
  const setExitCode =
    deps.setExitCode ??
    ((code: number) => {
      process.exitCode = code;
    });
  const signals = deps.signals ?? process;
  const checkpoints = (migration: string, flags: CommonFlags) =>
    new FileCheckpointStore(flags.checkpoint ?? path.join(deps.checkpointDir(), `${migration}.checkpoint.json`));

  /** Runs one migration with Ctrl+C wired to a clean stop, then prints its report. */
  const run = async (label: string, flags: CommonFlags, work: (signal: AbortSignal) => Promise<MigrationReport>) => {
    const controller = new AbortController();
    const onSignal = (): void => {
      err(`\n${label}: stopping after the current batch (checkpoint kept; run again to resume)...\n`);
      controller.abort();
    };
    signals.once('SIGINT', onSignal);
    signals.once('SIGTERM', onSignal);
    try {
      const report = await work(controller.signal);
      printReport(label, report, flags.json === true);
      if (controller.signal.aborted && !report.complete) setExitCode(EXIT_INTERRUPTED);
      else if (!isCleanReport(report)) setExitCode(EXIT_FAILED);
    } catch (error) {
      err(`hosp migrate ${label}: ${oneLineMessage(error)}\n`);
      setExitCode(EXIT_FAILED);
    } finally {
      signals.off('SIGINT', onSignal);
      signals.off('SIGTERM', onSignal);
    }
  };

  const printReport = (label: string, report: MigrationReport, json: boolean): void => {
    if (json) return out(`${JSON.stringify(report, null, 2)}\n`);
    const t = report.totals;
    const state = report.complete ? 'complete' : 'stopped early (run again to resume)';
    out(
      `${label}${report.dryRun ? ' (dry run: nothing written)' : ''}${report.resumed ? ' (resumed)' : ''}: ${state}\n` +
        `  read ${t.read}, ${report.dryRun ? 'would write' : 'written'} ${t.written}, skipped ${t.skipped}, ` +
        `conflicts ${t.conflicts}, failed ${t.failed}\n`,
    );
    if (report.error) out(`  error: ${report.error}\n`);
    for (const c of report.conflicts.slice(0, 20)) out(`  conflict ${c.key}: differs in ${c.fields.join(', ')}\n`);
    if (report.conflicts.length > 20) out(`  … ${report.conflicts.length - 20} more conflicts (--json lists them)\n`);
    if (t.conflicts > 0) out(`  ${CONFLICT_HINTS[label] ?? CONFLICT_HINTS.default}\n`);
    for (const f of report.failures.slice(0, 20)) out(`  failed ${f.at}: ${f.reason}\n`);
    if (report.failures.length > 20) out(`  … ${report.failures.length - 20} more failures (--json lists them)\n`);
  };

  /**
   * Before the first run of `import` or `copy` into a store that already holds hospitals
   * (made locally, say): a dry run over the source, and a refusal when any id collides with
   * a different hospital, unless --into-non-empty. Afterwards the checkpoint file exists,
   * and conflicts are reported per run as usual.
   */
  const refuseCollisions = async (migration: string, runtime: MigrateRuntime, source: HospitalSource, flags: CommonFlags, signal: AbortSignal) => {
    if (flags.intoNonEmpty === true || flags.dryRun === true) return;
    if ((await checkpoints(migration, flags).load()) !== null || !(await runtime.holdsHospitals())) return;
    const preview = await runtime.importHospitals.execute({
      migration,
      source,
      target: runtime.target,
      checkpoints: checkpoints(migration, flags),
      dryRun: true,
      overwrite: false,
      batchSize: flags.batchSize!,
      signal,
    });
    const n = preview.totals.conflicts;
    if (n === 0) return;
    const ids = preview.conflicts.slice(0, 5).map((c) => c.key).join(', ');
    throw new Error(
      `the store already holds ${n} hospital${n === 1 ? '' : 's'} whose id${n === 1 ? '' : 's'} collide${n === 1 ? 's' : ''} with the source's ` +
        `(${ids}${n > 5 ? ', …' : ''}) and differ${n === 1 ? 's' : ''} from ${n === 1 ? 'it' : 'them'}; nothing was written. ` +
        'Pass --into-non-empty to migrate into it anyway (collisions are left as conflicts, or replaced with --overwrite), or start from an empty store.',
    );
  };

  /** Opens the store, and legacy when needed, runs `work`, closes them. */
  const withRuntime = async <T>(needsLegacy: boolean, work: (runtime: MigrateRuntime, legacy?: LegacyAccess) => Promise<T>) => {
    const runtime = await deps.open(needsLegacy);
    try {
      return await work(runtime, runtime.legacy);
    } finally {
      await runtime.close();
    }
  };

  /**
   * Runs one load into the store (`import`, `copy`, `staff import`): opens the store, and
   * legacy when needed, and hands `work` what every load shares: the store's name, the
   * migration's checkpoint, progress, dry run and Ctrl+C.
   */
  const load = (label: string, migration: string, flags: CommonFlags, needsLegacy: boolean, work: (runtime: MigrateRuntime, shared: LoadOptions, legacy?: LegacyAccess) => Promise<MigrationReport>) =>
    run(label, flags, (signal) =>
      withRuntime(needsLegacy, (runtime, legacy) =>
        work(runtime, { target: runtime.target, checkpoints: checkpoints(migration, flags), progress: progress(label), dryRun: flags.dryRun === true, signal }, legacy),
      ),
    );

  /** `import` and `copy`: hospitals from a source into the store, after refusing collisions with what it holds. */
  const loadHospitals = (migration: 'import' | 'copy', flags: CommonFlags, needsLegacy: boolean, sourceOf: (legacy?: LegacyAccess) => HospitalSource) =>
    load(migration, migration, flags, needsLegacy, async (runtime, shared, legacy) => {
      await refuseCollisions(migration, runtime, sourceOf(legacy), flags, shared.signal);
      return runtime.importHospitals.execute({ ...shared, migration, source: sourceOf(legacy), overwrite: flags.overwrite === true, batchSize: flags.batchSize! });
    });

  const migrate = new Command('migrate').description('Move hospitals and staff from legacy HOSP into the store (docs/migration.md)');

  migrate
    .command('export')
    .description('Write every legacy hospital to FILE (.csv in legacy\'s export format, or .jsonl)')
    .requiredOption('--out <file>', 'the export file; .csv or .jsonl (its directory must exist)', creatableFile)
    .option('--dry-run', 'read legacy and count, write no file')
    .option('--json', 'print the summary as JSON')
    .action((flags: CommonFlags & { out: string }) =>
      run('export', flags, async (signal) => {
        const sink = new HospitalFileSink(flags.out);
        const legacy = await deps.openLegacy();
        try {
          return await legacy.exportHospitals.execute({
            source: legacy.source,
            sink,
            progress: progress('export'),
            dryRun: flags.dryRun === true,
            signal,
          });
        } finally {
          await legacy.close();
        }
      }),
    );

  const loadOptions = (command: Command): Command =>
    command
      .option('--overwrite', 'replace records that exist with different content (default: report them as conflicts)')
      .option('--dry-run', 'read and compare everything, write nothing')
      .option('--checkpoint <file>', 'checkpoint file (default: $HOSP_DATA_DIR/migrations/<command>.checkpoint.json)')
      .option('--batch-size <n>', 'records per read-compare-write round', batchSize, 250)
      .option('--into-non-empty', 'migrate into a store that already holds hospitals whose ids collide with the source\'s')
      .option('--json', 'print the summary as JSON');

  loadOptions(
    migrate
      .command('import')
      .description('Load an export file (.csv or .jsonl) into the configured store, keeping ids and timestamps')
      .requiredOption('--in <file>', 'the export file', readableFile),
  ).action((flags: CommonFlags & { in: string }) => loadHospitals('import', flags, false, () => new HospitalFileSource(flags.in)));

  loadOptions(migrate.command('copy').description('Copy every legacy hospital straight into the configured store')).action((flags: CommonFlags) =>
    loadHospitals('copy', flags, true, (legacy) => legacy!.source),
  );

  migrate
    .command('verify')
    .description('Compare legacy (or an export file) with the store record by record; exit 0 only when they match')
    .option('--in <file>', 'compare this export file instead of legacy', readableFile)
    .option('--json', 'print the report as JSON')
    .action(async (flags: { in?: string; json?: boolean }) => {
      try {
        const report = await withRuntime(flags.in === undefined, (runtime, legacy) =>
          runtime.verifyHospitals.execute({
            source: legacy?.source ?? new HospitalFileSource(flags.in!),
            progress: progress('verify'),
          }),
        );
        out(flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderVerify(report));
        if (!report.matching) setExitCode(EXIT_FAILED);
      } catch (error) {
        err(`hosp migrate verify: ${oneLineMessage(error)}\n`);
        setExitCode(EXIT_FAILED);
      }
    });

  const staff = new Command('staff').description('Migrate staff accounts');
  staff
    .command('import')
    .description("Import staff from a username,password[,staff_id[,role]] CSV (staff_id is legacy's); passwords are hashed, never logged")
    .requiredOption('--in <file>', 'the credentials CSV', readableFile)
    .option('--dry-run', 'check everything, create no account')
    .option('--checkpoint <file>', 'checkpoint file (default: $HOSP_DATA_DIR/migrations/staff-import.checkpoint.json)')
    .option('--json', 'print the summary as JSON')
    .action((flags: CommonFlags & { in: string }) =>
      load('staff import', 'staff-import', flags, false, (runtime, shared) => runtime.importStaff.execute({ ...shared, source: new StaffCsvSource(flags.in) })),
    );
  migrate.addCommand(staff);
  return migrate;
}

function renderVerify(r: VerifyReport): string {
  const lines = [
    `verify: ${r.matching ? 'MATCH' : 'MISMATCH'} (source ${r.sourceCount}, store ${r.storeCount}, matching ${r.matched})`,
    `  missing from the store: ${r.missing.count}${r.missing.count ? ` (ids ${r.missing.ids.slice(0, 20).join(', ')}${r.missing.count > 20 ? ', …' : ''})` : ''}`,
    `  extra in the store: ${r.extra.count}${r.extra.count ? ` (ids ${r.extra.ids.slice(0, 20).join(', ')}${r.extra.count > 20 ? ', …' : ''})` : ''}`,
    `  different: ${r.different.count}`,
    ...r.different.records.slice(0, 20).map((d) => `    ${d.key}: ${d.fields.join(', ')}`),
  ];
  if (r.invalid.count > 0) lines.push(`  malformed source records: ${r.invalid.count}`);
  return `${lines.join('\n')}\n`;
}
