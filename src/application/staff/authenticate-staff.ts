import { unauthenticated } from '../../domain/errors';
import { PasswordHasher } from '../../domain/ports/password-hasher';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Actor, toActor, usernameKey, usernameProblems } from '../../domain/staff';
import { LoginThrottle } from './login-throttle';
import { LoginContext, StaffCredentials, UNKNOWN_ADDRESS } from './staff-credentials';

/**
 * Checks a member's credentials (the transport parsed them: HTTP Basic lives in the HTTP
 * adapter). An unknown user, a disabled account and a wrong password all get the same
 * UNAUTHENTICATED answer, and each costs one hash verification, so neither the answer nor
 * its timing tells them apart. Before any of that, the login throttle may say the attempt
 * must wait (LOCKED_OUT, 429) — by the same rules and with the same work for names that
 * exist and names that do not.
 */
export class AuthenticateStaff {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly directory: StaffDirectory,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {}

  async execute(credentials: StaffCredentials, context: LoginContext = UNKNOWN_ADDRESS): Promise<Actor> {
    const key = usernameKey(credentials.username);
    await this.throttle.assertMayTry(key, context.address);
    const member = usernameProblems(credentials.username).length === 0 ? await this.directory.findByUsername(key) : null;
    const usable = member !== null && member.active;
    const matches = usable
      ? await this.hasher.verify(credentials.password, member.passwordHash)
      : await this.hasher.verify(credentials.password, await this.getDummyHash()).then(() => false);
    if (!matches) {
      await this.throttle.failed(key, context.address);
      throw unauthenticated();
    }
    // Concurrent wrong guesses from this address may have crossed a limit, or an administrator
    // disabled the account or changed its password, while this hash was being checked: the
    // state after the check decides, so a burst of guesses gets no further than the throttle allows.
    await this.throttle.assertMayTry(key, context.address);
    const fresh = await this.directory.findByUsername(key);
    if (!fresh || !fresh.active || fresh.passwordHash !== member!.passwordHash) throw unauthenticated();
    await this.throttle.succeeded(key, context.address);
    return toActor(fresh);
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('hosp dummy password for unknown users');
    return this.dummyHash;
  }
}
