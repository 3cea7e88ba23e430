import { AmbiguousWriteError } from '../../../src/adapters/legacy/ambiguous-write-error';
import { LegacyRequest, LegacyResponse } from '../../../src/adapters/legacy/legacy-exchange';
import { WriteReconciler } from '../../../src/adapters/legacy/write-reconciler';
import { upstreamUnavailable } from '../../../src/domain/errors';
import { ManualLegacyClock } from '../../support/legacy-fixture';

const CREATED: LegacyResponse = { status: 201, headers: {}, body: Buffer.from('{"id":1}'), attempts: 1 };
const SETTLED = { sent: true, settled: true };
const UNANSWERED = { sent: true, settled: false };

describe('WriteReconciler, in virtual time', () => {
  let clock: ManualLegacyClock;
  let reconciler: WriteReconciler;
  const signal = new AbortController().signal;
  /** A call that started now with this much time left. */
  const window = (deadlineInMs = 10_000) => ({ since: new Date(clock.now()), deadlineAt: clock.now() + deadlineInMs });
  /** A POST whose `reconcile` answers from `looks` in turn, recording when it was asked. */
  const post = (...looks: Array<LegacyResponse | null | Error>) => {
    const askedAt: number[] = [];
    const request: LegacyRequest = {
      method: 'POST',
      path: '/hospitals.json',
      reconcile: async () => {
        askedAt.push(clock.now());
        const look = looks[Math.min(askedAt.length, looks.length) - 1];
        if (look instanceof Error) throw look;
        return look ?? null;
      },
    };
    return { request, askedAt };
  };

  beforeEach(() => {
    clock = new ManualLegacyClock();
    reconciler = new WriteReconciler({ reconcileRetryDelayMs: 100, reconcileRecheckDelaysMs: [300, 1_000] }, clock);
  });

  it('answers with the write when the first look finds it', async () => {
    const { request } = post(CREATED);
    await expect(reconciler.reconcile(request, window(), UNANSWERED, signal)).resolves.toBe(CREATED);
    expect(clock.sleeps).toEqual([]);
  });

  it('says sending again is safe when legacy answered and the write is not there', async () => {
    const { request, askedAt } = post(null);
    await expect(reconciler.reconcile(request, window(), SETTLED, signal)).resolves.toBeNull();
    expect(askedAt).toHaveLength(1);
  });

  it('looks again 300 ms and 1 s after the first look for a write legacy never answered, and finds a late commit', async () => {
    const { request, askedAt } = post(null, null, CREATED);
    const start = clock.now();
    await expect(reconciler.reconcile(request, window(), UNANSWERED, signal)).resolves.toBe(CREATED);
    expect(askedAt.map((t) => t - start)).toEqual([0, 300, 1_000]);
  });

  it('times rechecks from the end of the first look, so slow looks do not push them later', async () => {
    const looks: number[] = [];
    const request: LegacyRequest = {
      method: 'POST',
      path: '/hospitals.json',
      reconcile: async () => {
        looks.push(clock.now());
        clock.advance(250); // each look takes 250 ms
        return null;
      },
    };
    const start = clock.now();
    await expect(reconciler.reconcile(request, window(), UNANSWERED, signal)).rejects.toBeInstanceOf(AmbiguousWriteError);
    expect(looks.map((t) => t - start)).toEqual([0, 550, 1_250]);
  });

  it('keeps a never-answered write unknown when it is still not there, and never resends it', async () => {
    const { request, askedAt } = post(null);
    await expect(reconciler.reconcile(request, window(), UNANSWERED, signal)).rejects.toMatchObject({
      code: 'UPSTREAM_OUTCOME_UNKNOWN',
      settled: false,
    });
    expect(askedAt).toHaveLength(3);
  });

  it('skips a recheck that would end within 100 ms of the deadline', async () => {
    const { request, askedAt } = post(null);
    await expect(reconciler.reconcile(request, window(500), UNANSWERED, signal)).rejects.toBeInstanceOf(AmbiguousWriteError);
    expect(askedAt).toHaveLength(2); // now and +300; +1 000 is past the deadline
  });

  it('is unknown, keeping whether legacy answered, without a reconcile read', async () => {
    const request: LegacyRequest = { method: 'POST', path: '/notes.json' };
    await expect(reconciler.reconcile(request, window(), SETTLED, signal)).rejects.toMatchObject({ settled: true });
    await expect(reconciler.reconcile(request, window(), UNANSWERED, signal)).rejects.toMatchObject({ settled: false });
  });

  it('tries a failed reconcile read once more after 100 ms', async () => {
    const { request, askedAt } = post(upstreamUnavailable(1), CREATED);
    const start = clock.now();
    await expect(reconciler.reconcile(request, window(), SETTLED, signal)).resolves.toBe(CREATED);
    expect(askedAt.map((t) => t - start)).toEqual([0, 100]);
  });

  it('is unknown when the reconcile read fails twice', async () => {
    const { request, askedAt } = post(upstreamUnavailable(1));
    await expect(reconciler.reconcile(request, window(), SETTLED, signal)).rejects.toMatchObject({ settled: true });
    expect(askedAt).toHaveLength(2);
  });

  it('does not retry a failed reconcile read that would end within 100 ms of the deadline', async () => {
    const { request, askedAt } = post(upstreamUnavailable(1), CREATED);
    await expect(reconciler.lookUp(request, window(150), signal)).resolves.toBeUndefined();
    expect(askedAt).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});
