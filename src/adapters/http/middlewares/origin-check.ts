import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiRequest, apiState } from '../api-request';
import { HttpError } from '../http-error';

export interface OriginCheckOptions {
  /** Accepted secrets; one normally, two while rotating. None disables the check. */
  secrets?: readonly string[];
  /** Lower-case name of the header the CDN adds, e.g. `x-origin-verify`. */
  header?: string;
}

const defaults: Required<OriginCheckOptions> = { secrets: [], header: 'x-origin-verify' };

// Comparing fixed-length digests keeps timingSafeEqual usable (it needs equal lengths)
// and keeps the time independent of the secret's length and of where the first difference is.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Rejects, with 403 and before any authentication work, requests that did not come through
 * the CDN: the CDN adds a secret header that direct callers of the API cannot know.
 */
export function originCheck(options: OriginCheckOptions = {}) {
  const { secrets, header } = { ...defaults, ...options };
  const expected = secrets.map(digest);
  const name = header.toLowerCase();
  return {
    before: (request: ApiRequest): void => {
      if (expected.length === 0) return;
      const state = apiState(request);
      const sent = state.http?.headers.get(name);
      const got = digest(sent ?? '');
      // Check every secret, so timing does not reveal which one matched.
      let ok = false;
      for (const secret of expected) ok = timingSafeEqual(got, secret) || ok;
      if (sent === undefined || !ok) throw new HttpError('ORIGIN_FORBIDDEN', 'Requests must come through the published API address.');
      state.originVerified = true;
    },
  };
}
