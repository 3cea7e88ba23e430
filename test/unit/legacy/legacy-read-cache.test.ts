import { DEFAULT_READ_CACHE, LegacyReadCache } from '../../../src/adapters/legacy/legacy-read-cache';
import { DomainError, upstreamUnavailable } from '../../../src/domain/errors';
import { ManualLegacyClock } from '../../support/legacy-fixture';
import { recordingMetrics } from '../../support/recording-metrics';

/** Lets pending promise callbacks and lru-cache's bookkeeping run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A loader as slow as the test wants: each load waits until the test finishes it, and, like
 * the legacy client, rejects with a DomainError when its signal aborts.
 */
function slowLoader() {
  const pending: Array<{ finish: (value: string) => void; signal: AbortSignal }> = [];
  let version = 0;
  const load = (signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      const started = version;
      pending.push({ finish: () => resolve(`v${started}`), signal });
      signal.addEventListener('abort', () => reject(upstreamUnavailable(1)), { once: true });
    });
  return {
    load,
    /** A write: the next loads see a new version. */
    write: () => version++,
    loads: () => pending.length,
    finishAll: () => pending.splice(0).forEach((p) => p.finish('')),
  };
}

describe('LegacyReadCache: writes racing reads of the same key', () => {
  let cache: LegacyReadCache;
  beforeEach(() => {
    cache = new LegacyReadCache(DEFAULT_READ_CACHE, new ManualLegacyClock());
  });

  it('reads again, then directly, when every cached fetch is aborted by a write, and resolves with a value', async () => {
    const loader = slowLoader();
    const read = cache.read('k', loader.load);
    for (let i = 0; i < 5; i++) {
      await settle();
      loader.write();
      cache.invalidate('k');
    }
    await settle();
    loader.finishAll();
    await expect(read).resolves.toEqual({ value: 'v3', ageSeconds: 0, stale: false });
    expect(loader.loads()).toBe(0);
  });

  it('under a storm of invalidations, every read resolves with a value and none with an internal error', async () => {
    const loader = slowLoader();
    const reads: Promise<unknown>[] = [];
    for (let tick = 0; tick < 200; tick++) {
      reads.push(cache.read('k', loader.load));
      if (tick % 3 === 0) {
        loader.write();
        cache.invalidate('k');
      }
      if (tick % 7 === 0) loader.finishAll();
      await settle();
    }
    for (let i = 0; i < 5 && loader.loads() > 0; i++) {
      loader.finishAll();
      await settle();
    }
    const results = await Promise.allSettled(reads);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toEqual([]);
    for (const result of results) expect((result as PromiseFulfilledResult<unknown>).value).toMatchObject({ value: expect.stringMatching(/^v\d+$/) });
  });

  it('never caches a value loaded before a write that invalidated it', async () => {
    const loader = slowLoader();
    const before = cache.read('k', loader.load);
    await settle();
    loader.write();
    cache.invalidate('k');
    await settle();
    loader.finishAll();
    await before;
    const after = await cache.read('k', loader.load);
    expect(after?.value).toBe('v1');
  });

  it('still passes on a failing legacy as a DomainError, not an internal one', async () => {
    const failed = cache.read('k', async () => {
      throw upstreamUnavailable(1);
    });
    await expect(failed).rejects.toBeInstanceOf(DomainError);
  });
});

describe('LegacyReadCache: memory', () => {
  it('keeps entries within maxBytes (counted as JSON text), serving but not keeping one larger than that', async () => {
    const cache = new LegacyReadCache({ ...DEFAULT_READ_CACHE, maxBytes: 100 * 1024 }, new ManualLegacyClock());
    let loads = 0;
    const record = (kib: number) => async () => {
      loads++;
      return { notes: 'x'.repeat(kib * 1024) };
    };
    for (let i = 0; i < 10; i++) await cache.read(`patient/${i}`, record(30));
    const held = (cache as unknown as { entries: { calculatedSize: number; size: number } }).entries;
    expect(held.calculatedSize).toBeLessThanOrEqual(100 * 1024);
    expect(held.size).toBe(3);

    const huge = await cache.read('patient/huge', record(200));
    expect(huge?.value.notes.length).toBe(200 * 1024);
    loads = 0;
    await cache.read('patient/huge', record(200));
    expect(loads).toBe(1);
    // The recent entries were not pushed out to make room for one that could never fit.
    await cache.read('patient/9', record(30));
    expect(loads).toBe(1);
  });
});

describe('LegacyReadCache: what it counts for operators', () => {
  it('counts loads from legacy as misses, fresh copies and joined loads as hits, and stale answers served while legacy fails', async () => {
    const clock = new ManualLegacyClock();
    const metrics = recordingMetrics();
    const cache = new LegacyReadCache({ ...DEFAULT_READ_CACHE, ttlMs: 1_000 }, clock, undefined, metrics);
    let loads = 0;
    const load = async () => `v${++loads}`;
    await Promise.all([cache.read('k', load), cache.read('k', load)]);
    await cache.read('k', load);
    expect(metrics.totals()).toEqual({ LegacyReadCacheMisses: 1, LegacyReadCacheHits: 2 });

    clock.advance(1_001);
    await expect(cache.read('k', async () => Promise.reject(upstreamUnavailable(1)))).resolves.toMatchObject({ value: 'v1', stale: true });
    expect(metrics.totals()).toEqual({ LegacyReadCacheMisses: 2, LegacyReadCacheHits: 2, LegacyReadCacheStaleServed: 1 });
  });
});
