import { LegacyHospitalRepository } from '../../src/adapters/legacy/legacy-hospital-repository';
import { InMemoryAuditLog } from '../../src/adapters/memory/in-memory-audit-log';
import { InMemoryIdAllocator } from '../../src/adapters/memory/in-memory-id-allocator';
import { startLegacyRig } from '../support/legacy-fixture';
import { describeHospitalRepositoryContract } from './hospital-repository.contract';

describeHospitalRepositoryContract(
  'legacy HOSP (simulator, no faults)',
  async () => {
    const rig = await startLegacyRig();
    const audit = new InMemoryAuditLog();
    return {
      repository: new LegacyHospitalRepository(rig.api, audit),
      ids: new InMemoryIdAllocator(),
      audit,
      cleanup: rig.close,
    };
  },
  { assignsOwnIds: true, derivesVersions: true },
);
