import { InMemoryAuditLog } from '../../src/adapters/memory/in-memory-audit-log';
import { InMemoryHospitalRepository } from '../../src/adapters/memory/in-memory-hospital-repository';
import { InMemoryIdAllocator } from '../../src/adapters/memory/in-memory-id-allocator';
import { InMemoryStaffDirectory } from '../../src/adapters/memory/in-memory-staff-directory';
import { ScryptPasswordHasher } from '../../src/adapters/crypto/scrypt-password-hasher';
import { Actor } from '../../src/domain/staff';
import { fastPasswordHasher } from './fast-password-hasher';
import { ManualClock } from './manual-clock';

/** The in-memory adapters a use-case test wires by hand, with a manual clock and a cheap hasher. */
export interface InMemoryCore {
  clock: ManualClock;
  audit: InMemoryAuditLog;
  hospitals: InMemoryHospitalRepository;
  hospitalIds: InMemoryIdAllocator;
  staff: InMemoryStaffDirectory;
  staffIds: InMemoryIdAllocator;
  hasher: ScryptPasswordHasher;
}

export function inMemoryCore(): InMemoryCore {
  const audit = new InMemoryAuditLog();
  return {
    clock: new ManualClock(),
    audit,
    hospitals: new InMemoryHospitalRepository(audit),
    hospitalIds: new InMemoryIdAllocator(),
    staff: new InMemoryStaffDirectory(),
    staffIds: new InMemoryIdAllocator(),
    hasher: fastPasswordHasher(),
  };
}

/** A member of staff acting in tests. */
export const ALICE: Actor = { staffId: 1, username: 'alice', role: 'admin', legacyStaffId: null };
