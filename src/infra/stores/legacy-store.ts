import { LegacyHospitalApi } from '../../adapters/legacy/legacy-hospital-api';
import { LegacyHospitalRepository } from '../../adapters/legacy/legacy-hospital-repository';
import { InMemoryAuditLog } from '../../adapters/memory/in-memory-audit-log';
import { InMemoryIdAllocator } from '../../adapters/memory/in-memory-id-allocator';
import { InMemoryLoginAttempts } from '../../adapters/memory/in-memory-login-attempts';
import { InMemoryStaffDirectory } from '../../adapters/memory/in-memory-staff-directory';
import { MemoryPersistenceLayer } from '../../adapters/idempotency/memory-persistence-layer';
import { PowertoolsIdempotency } from '../../adapters/idempotency/powertools-idempotency';
import { TOKENS } from '../tokens';
import { StoreModule } from './store-module';

/**
 * HOSP_STORE=legacy: hospitals live in legacy HOSP (HOSP_LEGACY_URL, HOSP_LEGACY_AUTH),
 * reached through the process's one legacy client and read cache (src/infra/legacy-module.ts).
 * Legacy has no staff directory or audit trail of hosp's kind, so staff, staff ids and audit
 * entries are kept in process memory here (lost on restart; fine for development and for the
 * simulator). The hospital id allocator only numbers drafts: legacy assigns the real ids.
 */
export const legacyStore: StoreModule = async (container) => {
  if (!container.isBound(TOKENS.LegacyHospitalApi)) throw new Error('HOSP_STORE=legacy needs HOSP_LEGACY_URL and HOSP_LEGACY_AUTH.');
  const audit = new InMemoryAuditLog();
  container.bind(TOKENS.AuditLog).toConstantValue(audit);
  container
    .bind(TOKENS.HospitalRepository)
    .toResolvedValue((api: LegacyHospitalApi) => new LegacyHospitalRepository(api, audit), [TOKENS.LegacyHospitalApi])
    .inSingletonScope();
  container.bind(TOKENS.HospitalIdAllocator).toConstantValue(new InMemoryIdAllocator());
  container.bind(TOKENS.StaffIdAllocator).toConstantValue(new InMemoryIdAllocator());
  container.bind(TOKENS.StaffDirectory).toConstantValue(new InMemoryStaffDirectory());
  container.bind(TOKENS.LoginAttempts).toConstantValue(new InMemoryLoginAttempts());
  container.bind(TOKENS.IdempotentRunner).toConstantValue(new PowertoolsIdempotency(new MemoryPersistenceLayer(), container.get(TOKENS.Log), undefined, container.get(TOKENS.Metrics)));
  return async () => {};
};
