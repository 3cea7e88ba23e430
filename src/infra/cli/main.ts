import 'reflect-metadata';
import { Command } from 'commander';
import { legacySimCommand } from '../../adapters/cli/commands/legacy-sim';
import { logsAnalyzeCommand } from '../../adapters/cli/commands/logs-analyze';
import { migrateCommand } from '../../adapters/cli/commands/migrate';
import { serveCommand } from '../../adapters/cli/commands/serve';
import { staffCommand } from '../../adapters/cli/commands/staff';
import { ConfigError } from '../config/config-error';
import { openApp, serveRuntime, staffRuntime } from './cli-runtimes';
import { migrateDependencies } from './migrate-runtime';

/** The `hosp` command line. Each command lives in src/adapters/cli/commands/; add one line here per command. */
const program = new Command('hosp')
  .description('Keeps the HOSP veterinary hospital system reliable and secure, and moves it onto AWS serverless.')
  .showHelpAfterError();

program.addCommand(serveCommand({ open: async () => serveRuntime(await openApp()) }));
program.addCommand(staffCommand({ open: async () => staffRuntime(await openApp()) }));
program.addCommand(legacySimCommand());
program.addCommand(logsAnalyzeCommand());
program.addCommand(migrateCommand(migrateDependencies(openApp)));

program.parseAsync(process.argv).catch((error: unknown) => {
  // Configuration problems are written for operators; anything else gets its message only.
  process.stderr.write(`hosp: ${error instanceof ConfigError ? error.message : (error as Error)?.message ?? String(error)}\n`);
  process.exitCode = 1;
});
