import { AuthenticateStaff } from '../../src/application/staff/authenticate-staff';
import { formatBasicCredentials } from '../../src/adapters/shared/basic-credentials';
import { ChangeStaffPassword } from '../../src/application/staff/change-staff-password';
import { ChangeStaffRole } from '../../src/application/staff/change-staff-role';
import { DisableStaff } from '../../src/application/staff/disable-staff';
import { LinkLegacyIdentity } from '../../src/application/staff/link-legacy-identity';
import { ListStaff } from '../../src/application/staff/list-staff';
import { RegisterStaff } from '../../src/application/staff/register-staff';
import { PasswordHasher } from '../../src/application/staff/ports/password-hasher';
import { ALICE, InMemoryCore, inMemoryCore } from './in-memory-core';

/** Counts verifications, to prove every failed login costs one hash check. */
export class CountingHasher implements PasswordHasher {
  hashes = 0;
  verifications = 0;

  constructor(private readonly inner: PasswordHasher) {}

  hash(password: string): Promise<string> {
    this.hashes++;
    return this.inner.hash(password);
  }

  verify(password: string, hash: string): Promise<boolean> {
    this.verifications++;
    return this.inner.verify(password, hash);
  }
}

export const PASSWORD = 'correct horse battery';

/** The staff use cases over in-memory adapters, sharing one directory, clock and counting hasher. */
export function staffFixture() {
  const core: InMemoryCore = inMemoryCore();
  const hasher = new CountingHasher(core.hasher);
  return {
    ...core,
    hasher,
    register: new RegisterStaff(core.staff, core.staffIds, hasher, core.audit, core.clock),
    changePassword: new ChangeStaffPassword(core.staff, hasher, core.audit, core.clock),
    disable: new DisableStaff(core.staff, core.audit, core.clock),
    changeRole: new ChangeStaffRole(core.staff, core.audit, core.clock),
    link: new LinkLegacyIdentity(core.staff, core.audit, core.clock),
    list: new ListStaff(core.staff),
    authenticate: new AuthenticateStaff(core.staff, hasher, core.throttle),
    admin: ALICE,
  };
}

export const basic = (username: string, password: string): string => formatBasicCredentials({ username, password });

/** Credentials as the HTTP adapter hands them to the core. */
export const login = (username: string, password: string) => ({ username, password });
