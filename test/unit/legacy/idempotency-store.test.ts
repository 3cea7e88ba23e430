import { AmbiguousWriteError } from '../../../src/adapters/legacy/ambiguous-write-error';
import { IdempotencyStore } from '../../../src/adapters/legacy/idempotency-store';
import { LegacyRequest, LegacyResponse } from '../../../src/adapters/legacy/legacy-exchange';
import { ManualLegacyClock } from '../../support/legacy-fixture';

const CREATED: LegacyResponse = { status: 201, headers: {}, body: Buffer.from('{"id":1}'), attempts: 1 };

describe('IdempotencyStore, in virtual time', () => {
  let clock: ManualLegacyClock;
  let store: IdempotencyStore;
  let sent: number;
  let found: LegacyResponse | null;
  const request = (body = '{"name":"A"}'): LegacyRequest => ({
    method: 'POST',
    path: '/hospitals.json',
    body: Buffer.from(body),
    idempotency: { key: 'k1', scope: 'staff:7' },
    reconcile: async () => found,
  });
  /** Sends, or fails the way legacy did, counting what reaches legacy. */
  const execute = (outcome: LegacyResponse | Error) => async () => {
    sent++;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };

  beforeEach(() => {
    clock = new ManualLegacyClock();
    store = new IdempotencyStore({ ttlMs: 60_000, maxEntries: 100, maxBytes: 1024 * 1024, settleMs: 30_000 }, clock);
    sent = 0;
    found = null;
  });

  it('refuses to send again within the settle time after a write legacy never answered, then sends once it has passed', async () => {
    const unanswered = new AmbiguousWriteError(new Date(clock.now()), false);
    await expect(store.run(request(), execute(unanswered))).rejects.toBe(unanswered);
    clock.advance(29_999);
    await expect(store.run(request(), execute(CREATED))).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', settled: false });
    expect(sent).toBe(1);
    clock.advance(1);
    await expect(store.run(request(), execute(CREATED))).resolves.toBe(CREATED);
    expect(sent).toBe(2);
  });

  it('sends again at once after a write legacy answered (a 5xx) that reconciliation does not find', async () => {
    await expect(store.run(request(), execute(new AmbiguousWriteError(new Date(clock.now()), true)))).rejects.toBeInstanceOf(AmbiguousWriteError);
    await expect(store.run(request(), execute(CREATED))).resolves.toBe(CREATED);
    expect(sent).toBe(2);
  });

  it('answers a repeat with the earlier write when reconciliation finds it, without sending', async () => {
    await expect(store.run(request(), execute(new AmbiguousWriteError(new Date(clock.now()), false)))).rejects.toBeInstanceOf(AmbiguousWriteError);
    found = CREATED;
    await expect(store.run(request(), execute(CREATED))).resolves.toMatchObject({ status: 201, reconciled: true });
    expect(sent).toBe(1);
  });

  it('keeps answers within maxBytes, forgetting the least recently used first, however many keys there are', async () => {
    const big: LegacyResponse = { status: 201, headers: {}, body: Buffer.alloc(40 * 1024, 0x61), attempts: 1 };
    const small = new IdempotencyStore({ ttlMs: 60_000, maxEntries: 10_000, maxBytes: 100 * 1024, settleMs: 30_000 }, clock);
    const keyed = (key: string): LegacyRequest => ({ ...request(), idempotency: { key, scope: 'staff:7' } });
    for (let i = 0; i < 10; i++) await small.run(keyed(`k${i}`), execute(big));
    const held = (small as unknown as { entries: { calculatedSize: number; size: number } }).entries;
    expect(held.calculatedSize).toBeLessThanOrEqual(100 * 1024);
    expect(held.size).toBe(2);
    // The latest keys are still answered from memory; the earliest are forgotten (and would be sent again).
    sent = 0;
    await small.run(keyed('k9'), execute(big));
    expect(sent).toBe(0);
    await small.run(keyed('k0'), execute(big));
    expect(sent).toBe(1);
  });

  it('remembers a key for its TTL on the injected clock, then forgets it', async () => {
    await store.run(request(), execute(CREATED));
    clock.advance(59_999);
    await store.run(request(), execute(CREATED));
    expect(sent).toBe(1);
    clock.advance(2);
    await store.run(request(), execute(CREATED));
    expect(sent).toBe(2);
  });

  it('rejects a key reused for a different body', async () => {
    await store.run(request(), execute(CREATED));
    await expect(store.run(request('{"name":"B"}'), execute(CREATED))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
