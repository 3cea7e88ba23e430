import { ContainerModule } from 'inversify';
import { LegacyHospitalApi } from '../../adapters/legacy/legacy-hospital-api';
import { LegacyHospitalRepository } from '../../adapters/legacy/legacy-hospital-repository';
import { TOKENS } from '../tokens';
import { bindMemoryAdapters } from './bind-memory-adapters';
import { StoreModule } from './store-module';

/**
 * HOSP_STORE=legacy: hospitals live in legacy HOSP (HOSP_LEGACY_URL, HOSP_LEGACY_AUTH),
 * reached through the process's one legacy client and read cache (src/infra/modules/legacy-module.ts,
 * loaded before the store). Legacy has no staff directory or audit trail of hosp's kind, so
 * staff, staff ids and audit entries are kept in process memory here (lost on restart; fine
 * for development and for the simulator). The hospital id allocator only numbers drafts:
 * legacy assigns the real ids.
 */
export const legacyStore: StoreModule = () =>
  new ContainerModule(({ bind, isBound }) => {
    if (!isBound(TOKENS.LegacyHospitalApi)) throw new Error('HOSP_STORE=legacy needs HOSP_LEGACY_URL and HOSP_LEGACY_AUTH.');
    const audit = bindMemoryAdapters(bind);
    bind(TOKENS.HospitalRepository)
      .toResolvedValue((api: LegacyHospitalApi) => new LegacyHospitalRepository(api, audit), [TOKENS.LegacyHospitalApi])
      .inSingletonScope();
  });
