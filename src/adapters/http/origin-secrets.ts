import { createHash, timingSafeEqual } from 'node:crypto';

// Comparing fixed-length digests keeps timingSafeEqual usable (it needs equal lengths)
// and keeps the time independent of the secret's length and of where the first difference is.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * The origin secrets the CDN may send (HOSP_ORIGIN_SECRETS): one normally, two while
 * rotating, none when the check is off. Shared by the API's `originCheck` middleware and the
 * API Gateway authorizer, so both accept exactly the same requests.
 */
export class OriginSecrets {
  private readonly expected: readonly Buffer[];

  constructor(secrets: readonly string[]) {
    this.expected = secrets.map(digest);
  }

  /** False when no secret is configured: every request passes, and none counts as verified. */
  get enabled(): boolean {
    return this.expected.length > 0;
  }

  /** True when `sent` is one of the secrets; never when none is configured or nothing was sent. */
  matches(sent: string | undefined): boolean {
    const got = digest(sent ?? '');
    // Check every secret, so timing does not reveal which one matched.
    let ok = false;
    for (const secret of this.expected) ok = timingSafeEqual(got, secret) || ok;
    return sent !== undefined && ok;
  }
}
