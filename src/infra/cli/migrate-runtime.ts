import * as path from 'node:path';
import { LegacyAccess, MigrateDependencies, MigrateRuntime } from '../../adapters/cli/commands/migrate';
import { App, startApp } from '../app';
import { Config, loadConfig } from '../config/config';
import { TOKENS } from '../tokens';

/** Checked before anything starts, so a command that needs legacy fails at once without it. */
function requireLegacy(config: Config): void {
  if (!config.legacy.url || !config.legacy.credentials) throw new Error('this needs legacy HOSP: set HOSP_LEGACY_URL and HOSP_LEGACY_AUTH.');
}

/**
 * The migration use cases over a started app's store (src/infra/modules/cli-module.ts), and
 * legacy's hospitals from the same container when `withLegacy`. Legacy is never a target:
 * it assigns its own ids.
 */
export async function migrateRuntime(app: App, withLegacy = false): Promise<MigrateRuntime> {
  if (app.config.store.kind === 'legacy') {
    await app.close();
    throw new Error('HOSP_STORE=legacy cannot be a migration target; choose dynamodb-local, dynamodb or memory.');
  }
  const runtime = app.container.get<MigrateRuntime>(TOKENS.MigrateRuntime);
  return withLegacy ? { ...runtime, legacy: app.container.get<LegacyAccess>(TOKENS.LegacyAccess) } : runtime;
}

/**
 * Legacy HOSP's hospitals alone (`hosp migrate export`), through the process's one legacy
 * client. Reading legacy needs no store, so none is started: the app runs over the memory
 * store, which starts nothing.
 */
export async function legacyAccess(config: Config): Promise<LegacyAccess> {
  requireLegacy(config);
  const app = await startApp({ ...config, store: { ...config.store, kind: 'memory' } });
  return app.container.get<LegacyAccess>(TOKENS.LegacyAccess);
}

/** What `hosp migrate` needs, with the configuration read from the environment when a command runs. */
export const migrateDependencies = (openApp: () => Promise<App>): MigrateDependencies => ({
  open: async (withLegacy) => {
    if (withLegacy) requireLegacy(loadConfig());
    return migrateRuntime(await openApp(), withLegacy);
  },
  openLegacy: () => legacyAccess(loadConfig()),
  checkpointDir: () => path.join(loadConfig().store.dataDir, 'migrations'),
});
