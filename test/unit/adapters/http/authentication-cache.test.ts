import { AuthenticationCache, MAX_AUTHENTICATION_CACHE_TTL_MS } from '../../../../src/adapters/http/authentication-cache';
import { formatBasicCredentials } from '../../../../src/adapters/shared/basic-credentials';
import { recordingMetrics } from '../../../support/recording-metrics';

const HEADER = formatBasicCredentials({ username: 'alice', password: 'correct horse battery staple' });
const ALICE = { staffId: 7, username: 'alice', role: 'staff' as const, legacyStaffId: null };

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

  describe('resolve: concurrent verifications of one header are coalesced', () => {
    /** A verification the test settles by hand, counting how often it was started. */
    function controlledVerify() {
      let calls = 0;
      const settle: { resolve: (actor: typeof ALICE) => void; reject: (e: Error) => void }[] = [];
      const verify = () => {
        calls++;
        return new Promise<typeof ALICE>((resolve, reject) => settle.push({ resolve, reject }));
      };
      return { verify, settle, calls: () => calls };
    }

    it('runs one verification for 50 simultaneous cold requests and caches its success', async () => {
      const cache = new AuthenticationCache({ now: clock });
      const v = controlledVerify();
      const waiting = Array.from({ length: 50 }, () => cache.resolve(HEADER, v.verify));
      await Promise.resolve();
      expect(v.calls()).toBe(1);
      expect(cache.pending).toBe(1);
      v.settle[0]!.resolve(ALICE);
      expect(await Promise.all(waiting)).toEqual(Array(50).fill(ALICE));
      expect(cache.pending).toBe(0);
      expect(cache.resolve(HEADER, v.verify)).toEqual(ALICE);
      expect(v.calls()).toBe(1);
    });

    it('shares a failure only with requests already waiting: the next request verifies again', async () => {
      const cache = new AuthenticationCache({ now: clock });
      const v = controlledVerify();
      const waiting = [cache.resolve(HEADER, v.verify), cache.resolve(HEADER, v.verify)];
      await Promise.resolve();
      v.settle[0]!.reject(new Error('UNAUTHENTICATED'));
      for (const w of waiting) await expect(w).rejects.toThrow('UNAUTHENTICATED');
      expect(cache.pending).toBe(0);
      expect(cache.get(HEADER)).toBeUndefined();
      const retry = cache.resolve(HEADER, v.verify);
      await Promise.resolve();
      expect(v.calls()).toBe(2);
      v.settle[1]!.resolve(ALICE);
      expect(await retry).toEqual(ALICE);
    });

    it('a verify that throws synchronously rejects and leaves nothing in flight', async () => {
      const cache = new AuthenticationCache({ now: clock });
      await expect(
        cache.resolve(HEADER, () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(cache.pending).toBe(0);
    });

    it('verifies different headers separately, each counted on its own', async () => {
      const cache = new AuthenticationCache({ now: clock });
      const v = controlledVerify();
      const other = formatBasicCredentials({ username: 'alice', password: 'a wrong guess' });
      const waiting = [cache.resolve(HEADER, v.verify), cache.resolve(other, v.verify)];
      await Promise.resolve();
      expect(v.calls()).toBe(2);
      v.settle[0]!.resolve(ALICE);
      v.settle[1]!.reject(new Error('UNAUTHENTICATED'));
      await expect(waiting[0]).resolves.toEqual(ALICE);
      await expect(waiting[1]).rejects.toThrow('UNAUTHENTICATED');
    });

    it('verifies again once the entry expires, and verifies every time when the TTL is 0', async () => {
      const cache = new AuthenticationCache({ now: clock });
      const v = controlledVerify();
      const first = cache.resolve(HEADER, v.verify);
      await Promise.resolve();
      v.settle[0]!.resolve(ALICE);
      await first;
      now += MAX_AUTHENTICATION_CACHE_TTL_MS + 1;
      const again = cache.resolve(HEADER, v.verify);
      await Promise.resolve();
      expect(v.calls()).toBe(2);
      v.settle[1]!.resolve(ALICE);
      await again;

      const disabled = new AuthenticationCache({ ttlMs: 0, now: clock });
      let calls = 0;
      const verify = async () => {
        calls++;
        return ALICE;
      };
      await Promise.all([disabled.resolve(HEADER, verify), disabled.resolve(HEADER, verify)]);
      expect(calls).toBe(2);
    });
  });
});

describe('AuthenticationCache: what it counts for operators', () => {
  it('counts a verification as a miss, and the cached answer or a joined verification as a hit', async () => {
    const metrics = recordingMetrics();
    const cache = new AuthenticationCache({ metrics });
    let release!: (actor: typeof ALICE) => void;
    const verify = () => new Promise<typeof ALICE>((resolve) => (release = resolve));
    const first = cache.resolve(HEADER, verify);
    const joined = cache.resolve(HEADER, verify);
    await Promise.resolve(); // the verification starts on the next microtask
    release(ALICE);
    await Promise.all([first, joined]);
    expect(cache.resolve(HEADER, verify)).toEqual(ALICE);
    expect(metrics.totals()).toEqual({ AuthenticationCacheMisses: 1, AuthenticationCacheHits: 2 });
  });

  it('counts every check as a miss when the cache is off', async () => {
    const metrics = recordingMetrics();
    const cache = new AuthenticationCache({ ttlMs: 0, metrics });
    await cache.resolve(HEADER, async () => ALICE);
    await cache.resolve(HEADER, async () => ALICE);
    expect(metrics.totals()).toEqual({ AuthenticationCacheMisses: 2 });
  });
});
