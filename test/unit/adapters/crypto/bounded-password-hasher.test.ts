import { BoundedPasswordHasher } from '../../../../src/adapters/crypto/bounded-password-hasher';
import { PasswordHasher } from '../../../../src/application/staff/ports/password-hasher';

/** A hasher whose checks finish only when the test says so. */
function gatedHasher() {
  const waiting: Array<() => void> = [];
  let started = 0;
  const hasher: PasswordHasher = {
    hash: async (password) => `h:${password}`,
    verify: (password, hash) =>
      new Promise((resolve) => {
        started++;
        waiting.push(() => resolve(hash === `h:${password}`));
      }),
  };
  return { hasher, release: () => waiting.shift()?.(), started: () => started };
}

describe('BoundedPasswordHasher: hashing work per process is bounded, and the rest is refused fast', () => {
  it('runs at most maxConcurrent checks, queues maxQueued, and answers BUSY with Retry-After beyond', async () => {
    const gated = gatedHasher();
    const bounded = new BoundedPasswordHasher(gated.hasher, { maxConcurrent: 2, maxQueued: 1 });
    expect(bounded.hasRoom()).toBe(true);
    const accepted = [bounded.verify('a', 'h:a'), bounded.verify('b', 'h:x'), bounded.verify('c', 'h:c')];
    expect(bounded.hasRoom()).toBe(false);
    await expect(bounded.verify('d', 'h:d')).rejects.toMatchObject({ code: 'BUSY', retryAfterSeconds: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(gated.started()).toBe(2);
    gated.release();
    gated.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(gated.started()).toBe(3);
    gated.release();
    expect(await Promise.all(accepted)).toEqual([true, false, true]);
    expect(bounded.hasRoom()).toBe(true);
    const later = bounded.verify('e', 'h:e');
    await new Promise((resolve) => setImmediate(resolve));
    gated.release();
    expect(await later).toBe(true);
  });

  it('bounds hashing new passwords the same way', async () => {
    const bounded = new BoundedPasswordHasher(gatedHasher().hasher, { maxConcurrent: 1, maxQueued: 0 });
    expect(await bounded.hash('x')).toBe('h:x');
  });
});
