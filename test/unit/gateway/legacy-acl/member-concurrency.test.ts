import { MemberConcurrencyLimit } from '../../../../src/adapters/gateway/legacy-acl/member-concurrency';
import { HttpError } from '../../../../src/adapters/http/http-error';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('MemberConcurrencyLimit: fair shares of legacy per member', () => {
  it("queues a member's extra requests behind that member's own, in order, and never delays another member", async () => {
    const limit = new MemberConcurrencyLimit({ maxInFlight: 2, maxQueued: 2, maxWaitMs: 10_000 });
    const first = await limit.acquire(1);
    const second = await limit.acquire(1);
    const order: string[] = [];
    const third = limit.acquire(1).then((release) => (order.push('third'), release));
    const fourth = limit.acquire(1).then((release) => (order.push('fourth'), release));
    const other = await limit.acquire(2);
    expect(limit.count(2)).toBe(1);
    await settled();
    expect(order).toEqual([]);
    first();
    await settled();
    expect(order).toEqual(['third']);
    second();
    await settled();
    expect(order).toEqual(['third', 'fourth']);
    expect(limit.count(1)).toBe(2);
    (await third)();
    (await fourth)();
    other();
    expect(limit.count(1)).toBe(0);
  });

  it('refuses at once, with Retry-After, beyond the queue', async () => {
    const limit = new MemberConcurrencyLimit({ maxInFlight: 1, maxQueued: 1, maxWaitMs: 10_000 });
    const held = await limit.acquire(7);
    const queued = limit.acquire(7);
    await expect(limit.acquire(7)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', headers: { 'retry-after': '1' } });
    held();
    (await queued)();
  });

  it('refuses a request that waited too long', async () => {
    jest.useFakeTimers();
    try {
      const limit = new MemberConcurrencyLimit({ maxInFlight: 1, maxQueued: 5, maxWaitMs: 500 });
      const held = await limit.acquire(3);
      const waiting = limit.acquire(3);
      jest.advanceTimersByTime(501);
      await expect(waiting).rejects.toBeInstanceOf(HttpError);
      held();
      expect(limit.count(3)).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('counts a release once however often it is called', async () => {
    const limit = new MemberConcurrencyLimit({ maxInFlight: 1, maxQueued: 0, maxWaitMs: 1 });
    const release = await limit.acquire(9);
    release();
    release();
    const again = await limit.acquire(9);
    await expect(limit.acquire(9)).rejects.toBeInstanceOf(HttpError);
    again();
  });

  it('needs a positive limit', () => {
    expect(() => new MemberConcurrencyLimit({ maxInFlight: 0, maxQueued: 0, maxWaitMs: 1 })).toThrow(RangeError);
  });
});
