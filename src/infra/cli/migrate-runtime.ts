import * as path from 'node:path';
import { LegacyAccess, MigrateDependencies, MigrateRuntime } from '../../adapters/cli/commands/migrate';
import { LegacyHospitalApi } from '../../adapters/legacy/legacy-hospital-api';
import { LegacyHttpClient } from '../../adapters/legacy/legacy-http-client';
import { LegacyReadCache } from '../../adapters/legacy/legacy-read-cache';
import { LegacyHospitalSource } from '../../adapters/migration/legacy-hospital-source';
import { ImportHospitals } from '../../application/migration/import-hospitals';
import { ImportStaff } from '../../application/migration/import-staff';
import { RepositoryHospitalBulkStore } from '../../adapters/migration/repository-hospital-bulk-store';
import { VerifyHospitals } from '../../application/migration/verify-hospitals';
import { LinkLegacyIdentity } from '../../application/staff/link-legacy-identity';
import { RegisterStaff } from '../../application/staff/register-staff';
import { Clock } from '../../domain/ports/clock';
import { HospitalBulkStore } from '../../application/migration/ports/hospital-bulk-store';
import { HospitalRepository } from '../../domain/ports/hospital-repository';
import { HospitalIdAllocator, StaffIdAllocator } from '../../domain/ports/id-allocator';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { App } from '../app';
import { Config, loadConfig } from '../config/config';
import { TOKENS } from '../tokens';

/** Names the store a migration writes to, for checkpoints. */
function targetOf(config: Config): string {
  const { kind, dataDir } = config.store;
  if (kind === 'memory') return 'memory';
  const where = config.dynamodb.endpoint ?? (kind === 'dynamodb-local' ? dataDir : `aws:${config.dynamodb.region}`);
  return `${kind}:${where}:${config.dynamodb.tables.hospitals}`;
}

/**
 * The migration use cases over a started app's store. Stores with a bulk adapter (DynamoDB)
 * bind TOKENS.HospitalBulkStore; any other store is written record by record through its
 * repository. Legacy itself is never a migration target: it assigns its own ids.
 */
export async function migrateRuntime(app: App): Promise<MigrateRuntime> {
  if (app.config.store.kind === 'legacy') {
    await app.close();
    throw new Error('HOSP_STORE=legacy cannot be a migration target; choose dynamodb-local, dynamodb or memory.');
  }
  const c = app.container;
  const hospitals = c.get<HospitalRepository>(TOKENS.HospitalRepository);
  const bulk = c.isBound(TOKENS.HospitalBulkStore)
    ? c.get<HospitalBulkStore>(TOKENS.HospitalBulkStore)
    : new RepositoryHospitalBulkStore(hospitals);
  const clock = c.get<Clock>(TOKENS.Clock);
  return {
    importHospitals: new ImportHospitals(bulk, c.get<HospitalIdAllocator>(TOKENS.HospitalIdAllocator), clock),
    verifyHospitals: new VerifyHospitals(hospitals),
    importStaff: new ImportStaff(
      c.get<StaffDirectory>(TOKENS.StaffDirectory),
      c.get<StaffIdAllocator>(TOKENS.StaffIdAllocator),
      c.get(RegisterStaff),
      c.get(LinkLegacyIdentity),
      clock,
    ),
    target: targetOf(app.config),
    holdsHospitals: async () => (await hospitals.list({ limit: 1 })).items.length > 0,
    close: () => app.close(),
  };
}

/** Legacy HOSP's hospitals through the resilient client, from HOSP_LEGACY_URL and HOSP_LEGACY_AUTH. */
export function legacyAccess(config: Config): LegacyAccess {
  const { url, credentials } = config.legacy;
  if (!url || !credentials) throw new Error('this needs legacy HOSP: set HOSP_LEGACY_URL and HOSP_LEGACY_AUTH.');
  const client = new LegacyHttpClient({ ...config.legacy.client, baseUrl: url, credentials });
  const api = new LegacyHospitalApi(client, new LegacyReadCache(config.legacy.cache));
  return { source: new LegacyHospitalSource(api, url), close: async () => client.close() };
}

/** What `hosp migrate` needs, with the configuration read from the environment when a command runs. */
export const migrateDependencies = (openApp: () => Promise<App>): MigrateDependencies => ({
  open: async () => migrateRuntime(await openApp()),
  openLegacy: async () => legacyAccess(loadConfig()),
  checkpointDir: () => path.join(loadConfig().store.dataDir, 'migrations'),
});
