import { ContainerModule } from 'inversify';
import { LegacyHospitalApi } from '../../adapters/legacy/legacy-hospital-api';
import { LegacyHttpClient } from '../../adapters/legacy/legacy-http-client';
import { LegacyReadCache } from '../../adapters/legacy/legacy-read-cache';
import { LegacyHospitalSource } from '../../adapters/migration/legacy-hospital-source';
import { RepositoryHospitalBulkStore } from '../../adapters/migration/repository-hospital-bulk-store';
import { ExportHospitals } from '../../application/migration/export-hospitals';
import { ImportHospitals } from '../../application/migration/import-hospitals';
import { ImportStaff } from '../../application/migration/import-staff';
import { HospitalBulkStore } from '../../application/migration/ports/hospital-bulk-store';
import { VerifyHospitals } from '../../application/migration/verify-hospitals';
import { LinkLegacyIdentity } from '../../application/staff/link-legacy-identity';
import { RegisterStaff } from '../../application/staff/register-staff';
import { Clock } from '../../domain/ports/clock';
import { HospitalRepository } from '../../domain/ports/hospital-repository';
import { HospitalIdAllocator, StaffIdAllocator } from '../../domain/ports/id-allocator';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Config } from '../config/config';
import { TOKENS } from '../tokens';

/**
 * The migration use cases over the store (docs/migration.md), loaded after the store module.
 * Stores with a bulk adapter (DynamoDB) bind TOKENS.HospitalBulkStore; any other store is
 * written record by record through its repository. With HOSP_LEGACY_URL, legacy's hospitals
 * as a source, through the process's one legacy client.
 */
export const migrationModule = (config: Config): ContainerModule =>
  new ContainerModule(({ bind, isBound }) => {
    if (!isBound(TOKENS.HospitalBulkStore)) {
      bind<HospitalBulkStore>(TOKENS.HospitalBulkStore)
        .toResolvedValue((hospitals: HospitalRepository) => new RepositoryHospitalBulkStore(hospitals), [TOKENS.HospitalRepository])
        .inSingletonScope();
    }
    bind(ImportHospitals)
      .toResolvedValue(
        (bulk: HospitalBulkStore, ids: HospitalIdAllocator, clock: Clock) => new ImportHospitals(bulk, ids, clock),
        [TOKENS.HospitalBulkStore, TOKENS.HospitalIdAllocator, TOKENS.Clock],
      )
      .inSingletonScope();
    bind(VerifyHospitals)
      .toResolvedValue((hospitals: HospitalRepository) => new VerifyHospitals(hospitals), [TOKENS.HospitalRepository])
      .inSingletonScope();
    bind(ImportStaff)
      .toResolvedValue(
        (directory: StaffDirectory, ids: StaffIdAllocator, register: RegisterStaff, link: LinkLegacyIdentity, clock: Clock) =>
          new ImportStaff(directory, ids, register, link, clock),
        [TOKENS.StaffDirectory, TOKENS.StaffIdAllocator, RegisterStaff, LinkLegacyIdentity, TOKENS.Clock],
      )
      .inSingletonScope();
    bind(ExportHospitals).toResolvedValue(() => new ExportHospitals()).inSingletonScope();

    const { url } = config.legacy;
    if (!url || !isBound(TOKENS.LegacyClient)) return;
    // A migration reads legacy itself: its own read cache, without the fleet's shared level,
    // so it never takes another process's cached list for the real thing. One source per
    // command: it reads legacy's list once.
    bind(TOKENS.LegacyHospitalSource).toResolvedValue(
      (client: LegacyHttpClient) => new LegacyHospitalSource(new LegacyHospitalApi(client, new LegacyReadCache(config.legacy.cache)), url),
      [TOKENS.LegacyClient],
    );
  });
