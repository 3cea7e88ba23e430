import { randomBytes } from 'node:crypto';
import { RegisterStaff } from '../../application/staff/register-staff';
import { StaffCredentials } from '../../application/staff/staff-credentials';
import { isDomainError } from '../../domain/errors';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { BOOTSTRAP_ADMIN_USERNAME, SYSTEM_ACTOR } from '../../domain/staff';

/** 18 random bytes: a 24-character base64url password, far above the 12-character minimum. */
export const randomPassword = (): string => randomBytes(18).toString('base64url');

/**
 * On the very first start (no staff at all) creates `admin`, with the role `admin` and a
 * random password, and returns the credentials so the caller can show them once; they are
 * stored only as a hash.
 * Returns null when any staff exists, or when another process created the admin first.
 */
export async function bootstrapAdmin(
  directory: Pick<StaffDirectory, 'isEmpty'>,
  register: Pick<RegisterStaff, 'execute'>,
): Promise<StaffCredentials | null> {
  if (!(await directory.isEmpty())) return null;
  const credentials = { username: BOOTSTRAP_ADMIN_USERNAME, password: randomPassword() };
  try {
    await register.execute({ ...credentials, role: 'admin' }, SYSTEM_ACTOR);
  } catch (error) {
    if (isDomainError(error) && error.code === 'ALREADY_EXISTS') return null;
    throw error;
  }
  return credentials;
}
