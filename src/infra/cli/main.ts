import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { legacySimCommand } from '../../adapters/cli/commands/legacy-sim';
import { logsAnalyzeCommand } from '../../adapters/cli/commands/logs-analyze';
import { type MigrateDependencies, migrateCommand } from '../../adapters/cli/commands/migrate';
import { serveCommand } from '../../adapters/cli/commands/serve';
import { staffCommand } from '../../adapters/cli/commands/staff';
import { oneLineMessage } from '../../adapters/cli/one-line-message';
import { EXIT, UsageError } from '../../adapters/cli/usage-error';
import { ConfigError } from '../config/config-error';
import { hospVersion } from './hosp-version';

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
  .version(hospVersion(), '-V, --version', 'print the version of hosp');

program.addCommand(serveCommand({ open: async () => runtimes().serveRuntime(await openApp()) }));
program.addCommand(staffCommand({ open: async () => runtimes().staffRuntime(await openApp()) }));
program.addCommand(legacySimCommand());
program.addCommand(logsAnalyzeCommand());
program.addCommand(
  migrateCommand({
    open: (withLegacy) => lazyMigrateDependencies().open(withLegacy),
    openLegacy: () => lazyMigrateDependencies().openLegacy(),
    checkpointDir: () => lazyMigrateDependencies().checkpointDir(),
  }),
);

/**
 * Usage errors become one line ("hosp: error: …", with a pointer to --help) and exit status 2
 * instead of commander's exit 1, on every command: addCommand does not pass settings down.
 */
function withUsageConventions(command: Command): void {
  command.exitOverride().configureOutput({
    outputError: (text, write) => write(`hosp: ${oneLineMessage(text)} (see hosp ${commandPath(command)}--help)\n`),
  });
  for (const sub of command.commands) withUsageConventions(sub);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.map((n) => `${n} `).join('');
}

withUsageConventions(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Already written by commander (help, version, or the usage error above).
    process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
    return;
  }
  // A configuration problem may list several variables, one a line, written for operators.
  process.stderr.write(`hosp: ${error instanceof ConfigError ? error.message : oneLineMessage(error)}\n`);
  process.exitCode = error instanceof UsageError || error instanceof ConfigError ? EXIT.usage : EXIT.failed;
});
