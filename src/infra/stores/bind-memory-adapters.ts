import { Bind } from 'inversify';
import { JsonLog } from '../../adapters/observability/json-log';
import { MemoryPersistenceLayer } from '../../adapters/idempotency/memory-persistence-layer';
import { PowertoolsIdempotency } from '../../adapters/idempotency/powertools-idempotency';
import { InMemoryAuditLog } from '../../adapters/memory/in-memory-audit-log';
import { InMemoryIdAllocator } from '../../adapters/memory/in-memory-id-allocator';
import { InMemoryLoginAttempts } from '../../adapters/memory/in-memory-login-attempts';
import { InMemoryStaffDirectory } from '../../adapters/memory/in-memory-staff-directory';
import { OperationalMetrics } from '../../adapters/observability/operational-metrics';
import { TOKENS } from '../tokens';

/**
 * Binds everything but the hospital repository in process memory (lost on exit), for the
 * memory and legacy stores: audit, ids, staff, login attempts and Idempotency-Keys. Returns
 * the audit log, which the store's hospital repository writes to.
 */
export function bindMemoryAdapters(bind: Bind): InMemoryAuditLog {
  const audit = new InMemoryAuditLog();
  bind(TOKENS.AuditLog).toConstantValue(audit);
  bind(TOKENS.HospitalIdAllocator).toConstantValue(new InMemoryIdAllocator());
  bind(TOKENS.StaffIdAllocator).toConstantValue(new InMemoryIdAllocator());
  bind(TOKENS.StaffDirectory).toConstantValue(new InMemoryStaffDirectory());
  bind(TOKENS.LoginAttempts).toConstantValue(new InMemoryLoginAttempts());
  bind(TOKENS.IdempotentRunner)
    .toResolvedValue(
      (log: JsonLog, metrics: OperationalMetrics) => new PowertoolsIdempotency(new MemoryPersistenceLayer(), log, undefined, metrics),
      [TOKENS.Log, TOKENS.Metrics],
    )
    .inSingletonScope();
  return audit;
}
