import { AuthenticationCache, MAX_AUTHENTICATION_CACHE_TTL_MS } from '../../../../src/adapters/http/authentication-cache';
import { formatBasicCredentials } from '../../../../src/application/staff/basic-credentials';

const HEADER = formatBasicCredentials({ username: 'alice', password: 'correct horse battery staple' });
const ALICE = { staffId: 7, username: 'alice' };

describe('AuthenticationCache: warm logins skip scrypt for at most 60 s', () => {
  let now = 1_000_000;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('forgets a login after 60 s even when asked to keep it longer, so a disable or password change takes effect', () => {
    const cache = new AuthenticationCache({ ttlMs: 10 * 60_000, now: clock });
    cache.set(HEADER, ALICE);
    now += MAX_AUTHENTICATION_CACHE_TTL_MS - 1;
    expect(cache.get(HEADER)).toEqual(ALICE);
    now += 2;
    expect(cache.get(HEADER)).toBeUndefined();
  });

  it('is keyed by the exact header, and never holds the header or the password', () => {
    const cache = new AuthenticationCache({ now: clock });
    cache.set(HEADER, ALICE);
    expect(cache.get(HEADER.replace('Basic', 'basic'))).toBeUndefined();
    expect(cache.get(formatBasicCredentials({ username: 'alice', password: 'another password entirely' }))).toBeUndefined();
    const stored = JSON.stringify([...((cache as unknown as { entries: Map<string, unknown> }).entries.keys())]);
    expect(stored).not.toContain(HEADER.slice(6));
    expect(stored).not.toContain('correct horse');
  });

  it('keeps nothing when the TTL is 0', () => {
    const cache = new AuthenticationCache({ ttlMs: 0, now: clock });
    cache.set(HEADER, ALICE);
    expect(cache.get(HEADER)).toBeUndefined();
  });
});
