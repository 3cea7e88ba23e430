import { upstreamUnavailable } from '../../domain/errors';
import { LegacyCredentialCheck, LegacyLogin } from '../../domain/ports/legacy-credential-check';
import { LegacyHttpClient } from '../legacy/legacy-http-client';

/**
 * Checks a login against legacy HOSP with the caller's own credentials: `GET /hospitals.json`
 * answers 200 to an account it accepts and 401 to one it does not. Anything else (5xx after
 * retries, timeouts, an open circuit, an unexpected status) is no verdict: UPSTREAM_UNAVAILABLE,
 * so an outage never counts as a failed login. Never goes through the read cache.
 */
export class LegacyLoginCheck implements LegacyCredentialCheck {
  constructor(private readonly client: Pick<LegacyHttpClient, 'send'>) {}

  async check(login: LegacyLogin): Promise<'accepted' | 'rejected'> {
    const response = await this.client.send({
      method: 'GET',
      path: '/hospitals.json',
      headers: { accept: 'application/json' },
      credentials: { username: login.username, password: login.password },
    });
    if (response.status === 200) return 'accepted';
    if (response.status === 401 || response.status === 403) return 'rejected';
    throw upstreamUnavailable();
  }
}
