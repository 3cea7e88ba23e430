import { InMemoryAuditLog } from '../../src/adapters/memory/in-memory-audit-log';
import { InMemoryHospitalRepository } from '../../src/adapters/memory/in-memory-hospital-repository';
import { InMemoryIdAllocator } from '../../src/adapters/memory/in-memory-id-allocator';
import { describeHospitalRepositoryContract } from './hospital-repository.contract';

describeHospitalRepositoryContract('in-memory', async () => {
  const audit = new InMemoryAuditLog();
  return { repository: new InMemoryHospitalRepository(audit), ids: new InMemoryIdAllocator(), audit };
});
