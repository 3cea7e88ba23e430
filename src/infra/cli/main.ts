import 'reflect-metadata';
import { Command } from 'commander';
import { legacySimCommand } from '../../adapters/cli/commands/legacy-sim';
import { logsAnalyzeCommand } from '../../adapters/cli/commands/logs-analyze';
import { type MigrateDependencies, migrateCommand } from '../../adapters/cli/commands/migrate';
import { serveCommand } from '../../adapters/cli/commands/serve';
import { staffCommand } from '../../adapters/cli/commands/staff';
import { ConfigError } from '../config/config-error';

/*
 * The runtimes load the whole app (AWS SDK, inversify, …: ~0.3 s of start-up), so they are
 * required on first use: `hosp logs analyze` and `hosp legacy-sim` do not pay for them.
 */
const runtimes = (): typeof import('./cli-runtimes') => require('./cli-runtimes');
const openApp = () => runtimes().openApp();
const lazyMigrateDependencies = (): MigrateDependencies =>
  (require('./migrate-runtime') as typeof import('./migrate-runtime')).migrateDependencies(openApp);

/** The `hosp` command line. Each command lives in src/adapters/cli/commands/; add one line here per command. */
const program = new Command('hosp')
  .description('Keeps the HOSP veterinary hospital system reliable and secure, and moves it onto AWS serverless.')
  .showHelpAfterError();

program.addCommand(serveCommand({ open: async () => runtimes().serveRuntime(await openApp()) }));
program.addCommand(staffCommand({ open: async () => runtimes().staffRuntime(await openApp()) }));
program.addCommand(legacySimCommand());
program.addCommand(logsAnalyzeCommand());
program.addCommand(
  migrateCommand({
    open: () => lazyMigrateDependencies().open(),
    openLegacy: () => lazyMigrateDependencies().openLegacy(),
    checkpointDir: () => lazyMigrateDependencies().checkpointDir(),
  }),
);

program.parseAsync(process.argv).catch((error: unknown) => {
  // Configuration problems are written for operators; anything else gets its message only.
  process.stderr.write(`hosp: ${error instanceof ConfigError ? error.message : (error as Error)?.message ?? String(error)}\n`);
  process.exitCode = 1;
});
