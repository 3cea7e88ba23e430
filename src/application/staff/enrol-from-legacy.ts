import { DomainError, forbidden, lockedOut, unauthenticated } from '../../domain/errors';
import { Clock } from '../../domain/ports/clock';
import { LegacyCredentialCheck, LegacyLogin } from '../../domain/ports/legacy-credential-check';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Actor, SYSTEM_ACTOR, usernameKey, usernameProblems } from '../../domain/staff';
import { AuthenticateStaff } from './authenticate-staff';
import { parseBasicCredentials } from './basic-credentials';
import { RegisterStaff } from './register-staff';

/** Limits on asking legacy, so the gateway never becomes a password-guessing oracle for legacy accounts. */
export interface EnrolmentPolicy {
  /** Legacy rejections of one username within `windowMs` after which legacy is not asked again… */
  readonly maxRejections: number;
  /** …until this long after the first of them. */
  readonly windowMs: number;
  /** Usernames whose rejections are remembered; the oldest are forgotten first. */
  readonly maxTracked: number;
}

export const DEFAULT_ENROLMENT_POLICY: EnrolmentPolicy = { maxRejections: 5, windowMs: 15 * 60 * 1000, maxTracked: 10_000 };

interface Rejections {
  count: number;
  readonly since: number;
}

/**
 * Lazy enrolment (HOSP_ENROL_FROM_LEGACY): authenticates like AuthenticateStaff, except that
 * a username unknown to the staff directory is checked once against legacy HOSP with the
 * credentials the caller sent. If legacy accepts them, the member is registered through
 * RegisterStaff (only the hash is kept) and every later login is checked by hosp alone.
 * Known members, disabled ones included, never reach legacy.
 */
export class EnrolFromLegacy {
  private readonly rejections = new Map<string, Rejections>();
  /** Concurrent first logins with the same credentials share one legacy check and one registration. */
  private readonly inFlight = new Map<string, Promise<Actor>>();

  constructor(
    private readonly directory: StaffDirectory,
    private readonly authenticate: Pick<AuthenticateStaff, 'execute'>,
    private readonly legacy: LegacyCredentialCheck,
    private readonly register: Pick<RegisterStaff, 'execute'>,
    private readonly clock: Clock,
    private readonly policy: EnrolmentPolicy = DEFAULT_ENROLMENT_POLICY,
  ) {}

  async execute(authorization: string | undefined | null): Promise<Actor> {
    const credentials = parseBasicCredentials(authorization);
    if (!credentials || usernameProblems(credentials.username).length > 0) return this.authenticate.execute(authorization);
    const key = usernameKey(credentials.username);
    if (await this.directory.findByUsername(key)) return this.authenticate.execute(authorization);
    const flight = `${key}\u0000${credentials.password}`;
    let pending = this.inFlight.get(flight);
    if (!pending) {
      pending = this.enrol(credentials, key, authorization).finally(() => this.inFlight.delete(flight));
      this.inFlight.set(flight, pending);
    }
    return pending;
  }

  private async enrol(login: LegacyLogin, key: string, authorization: string | undefined | null): Promise<Actor> {
    this.assertMayAsk(key);
    const verdict = await this.legacy.check(login);
    if (verdict === 'rejected') {
      this.recordRejection(key);
      throw unauthenticated();
    }
    try {
      const view = await this.register.execute({ username: login.username, password: login.password }, SYSTEM_ACTOR);
      this.rejections.delete(key);
      return { staffId: view.staffId, username: view.username, role: view.role, legacyStaffId: view.legacyStaffId };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // Another instance enrolled the same member meanwhile: check against what it stored.
      if (error.code === 'ALREADY_EXISTS') return this.authenticate.execute(authorization);
      if (error.code === 'VALIDATION_FAILED') {
        throw forbidden('Your legacy password does not meet hosp\'s password rules; ask an administrator to set a new one.');
      }
      throw error;
    }
  }

  private assertMayAsk(key: string): void {
    const entry = this.rejections.get(key);
    if (!entry) return;
    const now = this.clock.now().getTime();
    const endsAt = entry.since + this.policy.windowMs;
    if (now >= endsAt) {
      this.rejections.delete(key);
      return;
    }
    if (entry.count >= this.policy.maxRejections) throw lockedOut(Math.max(1, Math.ceil((endsAt - now) / 1000)));
  }

  private recordRejection(key: string): void {
    const entry = this.rejections.get(key);
    if (entry) {
      entry.count++;
      return;
    }
    if (this.rejections.size >= this.policy.maxTracked) {
      const oldest = this.rejections.keys().next();
      if (!oldest.done) this.rejections.delete(oldest.value);
    }
    this.rejections.set(key, { count: 1, since: this.clock.now().getTime() });
  }
}
