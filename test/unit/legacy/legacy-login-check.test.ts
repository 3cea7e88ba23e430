import { LegacyLoginCheck, legacyLoginCheckLimits } from '../../../src/adapters/legacy/legacy-login-check';
import { LegacyRequest, LegacyResponse } from '../../../src/adapters/legacy/legacy-exchange';

/** A legacy client whose answers the test releases one by one. */
function heldLegacy(status: number) {
  const held: Array<() => void> = [];
  const sent: LegacyRequest[] = [];
  const client = {
    send: (request: LegacyRequest): Promise<LegacyResponse> => {
      sent.push(request);
      return new Promise((resolve) => held.push(() => resolve({ status, headers: {}, body: Buffer.alloc(0), attempts: 1 })));
    },
  };
  return { client, held, sent };
}

const login = (n: number) => ({ username: `ghost${n}`, password: 'any password at all' });

describe('LegacyLoginCheck', () => {
  it("asks legacy with the caller's own credentials, never the service account, and reads 200 / 401 / 403", async () => {
    for (const [status, verdict] of [[200, 'accepted'], [401, 'rejected'], [403, 'rejected']] as const) {
      const legacy = heldLegacy(status);
      const check = new LegacyLoginCheck(legacy.client);
      const pending = check.check(login(1));
      legacy.held[0]!();
      expect(await pending).toBe(verdict);
      expect(legacy.sent[0]).toMatchObject({ method: 'GET', path: '/hospitals.json', credentials: login(1) });
    }
  });

  it('treats any other status as no verdict (UPSTREAM_UNAVAILABLE), never as a failed login', async () => {
    const legacy = heldLegacy(302);
    const pending = new LegacyLoginCheck(legacy.client).check(login(1));
    legacy.held[0]!();
    await expect(pending).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('runs at most its share of checks at once, queues twice that, and answers BUSY to the rest without asking legacy', async () => {
    const legacy = heldLegacy(401);
    const check = new LegacyLoginCheck(legacy.client, { maxConcurrent: 2, maxQueued: 4 });
    const all = Array.from({ length: 10 }, (_, i) => check.check(login(i)).then((v) => v, (e: { code: string }) => e.code));
    await new Promise((resolve) => setImmediate(resolve));
    expect(legacy.sent).toHaveLength(2);
    expect(check.hasRoom()).toBe(false);
    while (legacy.held.length > 0) {
      legacy.held.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const verdicts = await Promise.all(all);
    expect(check.hasRoom()).toBe(true);
    expect(verdicts.filter((v) => v === 'rejected')).toHaveLength(6);
    expect(verdicts.filter((v) => v === 'BUSY')).toHaveLength(4);
    expect(legacy.sent).toHaveLength(6);
  });

  it('takes a quarter of the legacy connections, at least one', () => {
    expect(legacyLoginCheckLimits(32)).toEqual({ maxConcurrent: 8, maxQueued: 16 });
    expect(legacyLoginCheckLimits(4)).toEqual({ maxConcurrent: 1, maxQueued: 2 });
    expect(legacyLoginCheckLimits(1)).toEqual({ maxConcurrent: 1, maxQueued: 2 });
  });
});
