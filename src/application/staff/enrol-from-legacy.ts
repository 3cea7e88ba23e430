import { busy, DomainError, forbidden, unauthenticated } from '../../domain/errors';
import { LegacyCredentialCheck } from './ports/legacy-credential-check';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Actor, SYSTEM_ACTOR, usernameKey, usernameProblems } from '../../domain/staff';
import { AuthenticateStaff } from './authenticate-staff';
import { LoginThrottle } from './login-throttle';
import { RegisterStaff } from './register-staff';
import { LoginContext, StaffCredentials, UNKNOWN_ADDRESS } from './staff-credentials';

/**
 * Lazy enrolment (HOSP_ENROL_FROM_LEGACY): authenticates like AuthenticateStaff, except that
 * a username unknown to the staff directory is checked once against legacy HOSP with the
 * credentials the caller sent. If legacy accepts them, the member is registered through
 * RegisterStaff (only the hash is kept) and every later login is checked by hosp alone.
 * Known members, disabled ones included, never reach legacy. Asking legacy goes through the
 * same login throttle as any password check, so the gateway is no faster a guessing oracle
 * for legacy accounts than for its own.
 */
export class EnrolFromLegacy {
  /** Concurrent first logins with the same credentials share one legacy check and one registration. */
  private readonly inFlight = new Map<string, Promise<Actor>>();

  constructor(
    private readonly directory: StaffDirectory,
    private readonly authenticate: Pick<AuthenticateStaff, 'execute'>,
    private readonly legacy: LegacyCredentialCheck,
    private readonly register: Pick<RegisterStaff, 'execute'>,
    private readonly throttle: LoginThrottle,
  ) {}

  async execute(credentials: StaffCredentials, context: LoginContext = UNKNOWN_ADDRESS): Promise<Actor> {
    if (usernameProblems(credentials.username).length > 0) return this.authenticate.execute(credentials, context);
    const key = usernameKey(credentials.username);
    if (await this.directory.findByUsername(key)) return this.authenticate.execute(credentials, context);
    const flight = `${key}\u0000${context.address}\u0000${credentials.password}`;
    let pending = this.inFlight.get(flight);
    if (!pending) {
      pending = this.enrol(credentials, key, context).finally(() => this.inFlight.delete(flight));
      this.inFlight.set(flight, pending);
    }
    return pending;
  }

  private async enrol(credentials: StaffCredentials, key: string, context: LoginContext): Promise<Actor> {
    if (this.legacy.hasRoom?.() === false) throw busy(1);
    const attempt = await this.throttle.admit(key, context.address);
    let verdict: Awaited<ReturnType<LegacyCredentialCheck['check']>>;
    try {
      verdict = await this.legacy.check(credentials);
    } catch (error) {
      // Legacy could not say (unavailable, busy): nothing was learnt, so the attempt is not counted.
      await this.throttle.withdraw(attempt);
      throw error;
    }
    if (verdict === 'rejected') {
      await this.throttle.failed(attempt);
      throw unauthenticated();
    }
    try {
      const view = await this.register.execute({ username: credentials.username, password: credentials.password }, SYSTEM_ACTOR);
      await this.throttle.succeeded(attempt);
      return { staffId: view.staffId, username: view.username, role: view.role, legacyStaffId: view.legacyStaffId };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'ALREADY_EXISTS') {
        // Another instance enrolled the same member meanwhile: check against what it stored (counted there).
        await this.throttle.withdraw(attempt);
        return this.authenticate.execute(credentials, context);
      }
      if (error.code === 'VALIDATION_FAILED') {
        await this.throttle.succeeded(attempt);
        throw forbidden('Your legacy password does not meet hosp\'s password rules; ask an administrator to set a new one.');
      }
      throw error;
    }
  }
}
