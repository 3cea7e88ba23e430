import { InMemoryAuditLog } from '../../adapters/memory/in-memory-audit-log';
import { InMemoryHospitalRepository } from '../../adapters/memory/in-memory-hospital-repository';
import { InMemoryIdAllocator } from '../../adapters/memory/in-memory-id-allocator';
import { InMemoryLoginAttempts } from '../../adapters/memory/in-memory-login-attempts';
import { InMemoryStaffDirectory } from '../../adapters/memory/in-memory-staff-directory';
import { MemoryPersistenceLayer } from '../../adapters/idempotency/memory-persistence-layer';
import { PowertoolsIdempotency } from '../../adapters/idempotency/powertools-idempotency';
import { TOKENS } from '../tokens';
import { StoreModule } from './store-module';

/** HOSP_STORE=memory: everything in process memory, lost on exit. For tests, demos and quick local runs. */
export const memoryStore: StoreModule = async (container) => {
  const audit = new InMemoryAuditLog();
  container.bind(TOKENS.AuditLog).toConstantValue(audit);
  container.bind(TOKENS.HospitalRepository).toConstantValue(new InMemoryHospitalRepository(audit));
  container.bind(TOKENS.HospitalIdAllocator).toConstantValue(new InMemoryIdAllocator());
  container.bind(TOKENS.StaffIdAllocator).toConstantValue(new InMemoryIdAllocator());
  container.bind(TOKENS.StaffDirectory).toConstantValue(new InMemoryStaffDirectory());
  container.bind(TOKENS.LoginAttempts).toConstantValue(new InMemoryLoginAttempts());
  container.bind(TOKENS.IdempotentRunner).toConstantValue(new PowertoolsIdempotency(new MemoryPersistenceLayer(), container.get(TOKENS.Log), undefined, container.get(TOKENS.Metrics)));
  return async () => {};
};
