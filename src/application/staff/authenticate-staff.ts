import { unauthenticated } from '../../domain/errors';
import { PasswordHasher } from '../../domain/ports/password-hasher';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Actor, StaffMember, toActor, usernameKey, usernameProblems } from '../../domain/staff';
import { LoginThrottle } from './login-throttle';
import { LoginContext, StaffCredentials, UNKNOWN_ADDRESS } from './staff-credentials';

/**
 * Checks a member's credentials (the transport parsed them: HTTP Basic lives in the HTTP
 * adapter). An unknown user, a disabled account and a wrong password all get the same
 * UNAUTHENTICATED answer, and each costs one hash verification, so neither the answer nor
 * its timing tells them apart. Before any of that, the login throttle admits the attempt or
 * says it must wait (LOCKED_OUT, 429) — by the same rules and with the same work for names
 * that exist and names that do not.
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
    // Counted as a failure from here on: a burst of simultaneous guesses gets no more checks
    // than the same guesses one after another, on any number of processes.
    await this.throttle.admit(key, context.address);
    const member = usernameProblems(credentials.username).length === 0 ? await this.directory.findByUsername(key) : null;
    const matches = await this.check(credentials.password, member, key, context);
    // An administrator may have disabled the account or changed its password during the check.
    const fresh = matches ? await this.directory.findByUsername(key) : null;
    if (!fresh || !fresh.active || fresh.passwordHash !== member!.passwordHash) throw unauthenticated();
    await this.throttle.succeeded(key, context.address);
    return toActor(fresh);
  }

  /** One hash verification whatever the member; an attempt the hasher could not take (BUSY) is withdrawn. */
  private async check(password: string, member: StaffMember | null, key: string, context: LoginContext): Promise<boolean> {
    try {
      if (member !== null && member.active) return await this.hasher.verify(password, member.passwordHash);
      await this.hasher.verify(password, await this.getDummyHash());
      return false;
    } catch (error) {
      await this.throttle.withdraw(key, context.address);
      throw error;
    }
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('hosp dummy password for unknown users');
    return this.dummyHash;
  }
}
