import { lockedOut, unauthenticated } from '../../domain/errors';
import { Clock } from '../../domain/ports/clock';
import { PasswordHasher } from '../../domain/ports/password-hasher';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import {
  Actor,
  DEFAULT_LOCKOUT_POLICY,
  isLockedOut,
  LockoutPolicy,
  secondsUntilUnlocked,
  toActor,
  usernameKey,
  usernameProblems,
} from '../../domain/staff';
import { toTimestamp } from '../../domain/timestamp';
import { parseBasicCredentials } from './basic-credentials';

/**
 * Checks an `Authorization: Basic` header against the staff directory. An unknown user, a
 * disabled account and a wrong password all get the same UNAUTHENTICATED answer, and each
 * costs one hash verification, so neither the answer nor its timing tells them apart.
 */
export class AuthenticateStaff {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly directory: StaffDirectory,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
  ) {}

  async execute(authorization: string | undefined | null): Promise<Actor> {
    const credentials = parseBasicCredentials(authorization);
    if (!credentials) throw unauthenticated();
    const key = usernameKey(credentials.username);
    const member = usernameProblems(credentials.username).length === 0 ? await this.directory.findByUsername(key) : null;
    if (!member || !member.active) {
      await this.hasher.verify(credentials.password, await this.getDummyHash());
      throw unauthenticated();
    }
    const now = this.clock.now();
    if (isLockedOut(member, now)) throw lockedOut(secondsUntilUnlocked(member, now));
    if (!(await this.hasher.verify(credentials.password, member.passwordHash))) {
      const after = await this.directory.recordLoginFailure(key, toTimestamp(now), this.policy);
      if (isLockedOut(after, now)) throw lockedOut(secondsUntilUnlocked(after, now));
      throw unauthenticated();
    }
    // Concurrent wrong guesses may have locked the account, or an administrator disabled it,
    // while this hash was being checked: the state after the check decides, so firing many
    // guesses at once gets no more than `maxFailures` of them past the lock-out.
    const fresh = await this.directory.findByUsername(key);
    if (!fresh || !fresh.active || fresh.passwordHash !== member.passwordHash) throw unauthenticated();
    if (isLockedOut(fresh, now)) throw lockedOut(secondsUntilUnlocked(fresh, now));
    if (fresh.failedLogins > 0 || fresh.lockedUntil !== null) {
      await this.directory.recordLoginSuccess(key, toTimestamp(now));
    }
    return toActor(fresh);
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('hosp dummy password for unknown users');
    return this.dummyHash;
  }
}
