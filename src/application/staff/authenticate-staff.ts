import { busy, unauthenticated } from '../../domain/errors';
import { AdmittedAttempt } from './ports/login-attempts';
import { PasswordHasher } from './ports/password-hasher';
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
    // Refused before it costs the login-attempts store anything (and before it is counted).
    if (this.hasher.hasRoom?.() === false) throw busy(1);
    // Counted as a failure from here on: a burst of simultaneous guesses gets no more checks
    // than the same guesses one after another, on any number of processes.
    const attempt = await this.throttle.admit(key, context.address);
    const member = await this.check(credentials, key, attempt);
    // An administrator may have disabled the account or changed its password during the check.
    const fresh = member ? await this.directory.findByUsername(key) : null;
    if (!fresh || !fresh.active || fresh.passwordHash !== member!.passwordHash) {
      await this.throttle.failed(attempt);
      throw unauthenticated();
    }
    await this.throttle.succeeded(attempt);
    return toActor(fresh);
  }

  /**
   * The member whose password this is, or null; one hash verification whatever the name. An
   * attempt that got no verdict (the hasher was BUSY, the directory failed) is withdrawn.
   */
  private async check(credentials: StaffCredentials, key: string, attempt: AdmittedAttempt): Promise<StaffMember | null> {
    try {
      const member = usernameProblems(credentials.username).length === 0 ? await this.directory.findByUsername(key) : null;
      if (member !== null && member.active) return (await this.hasher.verify(credentials.password, member.passwordHash)) ? member : null;
      await this.hasher.verify(credentials.password, await this.getDummyHash());
      return null;
    } catch (error) {
      await this.throttle.withdraw(attempt);
      throw error;
    }
  }

  private getDummyHash(): Promise<string> {
    // A refused computation (BUSY) must not be remembered: every later unknown name would be
    // answered BUSY while known ones get 401.
    this.dummyHash ??= this.hasher.hash('hosp dummy password for unknown users').catch((error: unknown) => {
      this.dummyHash = undefined;
      throw error;
    });
    return this.dummyHash;
  }
}
