import { InMemoryAuditLog } from '../../src/adapters/memory/in-memory-audit-log';
import { InMemoryHospitalRepository } from '../../src/adapters/memory/in-memory-hospital-repository';
import { InMemoryIdAllocator } from '../../src/adapters/memory/in-memory-id-allocator';
import { InMemoryLoginAttempts } from '../../src/adapters/memory/in-memory-login-attempts';
import { LoginThrottle } from '../../src/application/staff/login-throttle';
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
  loginAttempts: InMemoryLoginAttempts;
  /** The login throttle over `loginAttempts` and `clock`, with the default policy. */
  throttle: LoginThrottle;
}

export function inMemoryCore(): InMemoryCore {
  const audit = new InMemoryAuditLog();
  const clock = new ManualClock();
  const loginAttempts = new InMemoryLoginAttempts();
  return {
    clock,
    audit,
    hospitals: new InMemoryHospitalRepository(audit),
    hospitalIds: new InMemoryIdAllocator(),
    staff: new InMemoryStaffDirectory(),
    staffIds: new InMemoryIdAllocator(),
    hasher: fastPasswordHasher(),
    loginAttempts,
    // No timer between admission asks: the manual clock does not move while a refused attempt waits.
    throttle: new LoginThrottle(loginAttempts, clock, { pause: async () => undefined }),
  };
}

/** A member of staff acting in tests. */
export const ALICE: Actor = { staffId: 1, username: 'alice', role: 'admin', legacyStaffId: null };
