import { ContainerModule } from 'inversify';
import { AuthenticateStaff } from '../../application/staff/authenticate-staff';
import { ChangeStaffPassword } from '../../application/staff/change-staff-password';
import { ChangeStaffRole } from '../../application/staff/change-staff-role';
import { DisableStaff } from '../../application/staff/disable-staff';
import { LinkLegacyIdentity } from '../../application/staff/link-legacy-identity';
import { ListStaff } from '../../application/staff/list-staff';
import { LoginThrottle } from '../../application/staff/login-throttle';
import { PasswordHasher } from '../../application/staff/ports/password-hasher';
import { RegisterStaff } from '../../application/staff/register-staff';
import { AuditLog } from '../../domain/ports/audit-log';
import { Clock } from '../../domain/ports/clock';
import { StaffIdAllocator } from '../../domain/ports/id-allocator';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { TOKENS } from '../tokens';

/** The staff use cases, each bound to its own class over the store's ports. */
export const staffModule = new ContainerModule(({ bind }) => {
  bind(AuthenticateStaff)
    .toResolvedValue(
      (directory: StaffDirectory, hasher: PasswordHasher, throttle: LoginThrottle) => new AuthenticateStaff(directory, hasher, throttle),
      [TOKENS.StaffDirectory, TOKENS.PasswordHasher, TOKENS.LoginThrottle],
    )
    .inSingletonScope();
  bind(RegisterStaff)
    .toResolvedValue(
      (directory: StaffDirectory, ids: StaffIdAllocator, hasher: PasswordHasher, audit: AuditLog, clock: Clock) =>
        new RegisterStaff(directory, ids, hasher, audit, clock),
      [TOKENS.StaffDirectory, TOKENS.StaffIdAllocator, TOKENS.PasswordHasher, TOKENS.AuditLog, TOKENS.Clock],
    )
    .inSingletonScope();
  bind(ChangeStaffPassword)
    .toResolvedValue(
      (directory: StaffDirectory, hasher: PasswordHasher, audit: AuditLog, clock: Clock) =>
        new ChangeStaffPassword(directory, hasher, audit, clock),
      [TOKENS.StaffDirectory, TOKENS.PasswordHasher, TOKENS.AuditLog, TOKENS.Clock],
    )
    .inSingletonScope();
  bind(DisableStaff)
    .toResolvedValue(
      (directory: StaffDirectory, audit: AuditLog, clock: Clock) => new DisableStaff(directory, audit, clock),
      [TOKENS.StaffDirectory, TOKENS.AuditLog, TOKENS.Clock],
    )
    .inSingletonScope();
  bind(ChangeStaffRole)
    .toResolvedValue(
      (directory: StaffDirectory, audit: AuditLog, clock: Clock) => new ChangeStaffRole(directory, audit, clock),
      [TOKENS.StaffDirectory, TOKENS.AuditLog, TOKENS.Clock],
    )
    .inSingletonScope();
  bind(LinkLegacyIdentity)
    .toResolvedValue(
      (directory: StaffDirectory, audit: AuditLog, clock: Clock) => new LinkLegacyIdentity(directory, audit, clock),
      [TOKENS.StaffDirectory, TOKENS.AuditLog, TOKENS.Clock],
    )
    .inSingletonScope();
  bind(ListStaff)
    .toResolvedValue((directory: StaffDirectory) => new ListStaff(directory), [TOKENS.StaffDirectory])
    .inSingletonScope();
});
