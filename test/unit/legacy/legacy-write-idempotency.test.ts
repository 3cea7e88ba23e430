import { MemoryPersistenceLayer } from '../../../src/adapters/idempotency/memory-persistence-layer';
import { PowertoolsIdempotency } from '../../../src/adapters/idempotency/powertools-idempotency';
import { AmbiguousWriteError } from '../../../src/adapters/legacy/ambiguous-write-error';
import { LegacyRequest, LegacyResponse } from '../../../src/adapters/legacy/legacy-exchange';
import { LegacyWriteIdempotency } from '../../../src/adapters/legacy/legacy-write-idempotency';
import { ManualLegacyClock } from '../../support/legacy-fixture';

const CREATED: LegacyResponse = { status: 201, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"id":1}'), attempts: 1 };

describe('LegacyWriteIdempotency (settle time in virtual time)', () => {
  let clock: ManualLegacyClock;
  let layer: MemoryPersistenceLayer;
  let keys: LegacyWriteIdempotency;
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
    layer = new MemoryPersistenceLayer();
    keys = new LegacyWriteIdempotency(new PowertoolsIdempotency(layer, () => undefined), 30_000, clock);
    sent = 0;
    found = null;
  });

  it('answers a repeat with the stored answer, body and headers intact, without sending', async () => {
    await expect(keys.run(request(), execute(CREATED))).resolves.toBe(CREATED);
    const again = await keys.run(request(), execute(CREATED));
    expect(again).toMatchObject({ status: 201, headers: CREATED.headers });
    expect(again.body.equals(CREATED.body)).toBe(true);
    expect(sent).toBe(1);
  });

  it('refuses to send again within the settle time after a write legacy never answered, then sends once it has passed', async () => {
    const unanswered = new AmbiguousWriteError(new Date(clock.now()), false);
    await expect(keys.run(request(), execute(unanswered))).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', settled: false });
    clock.advance(29_999);
    await expect(keys.run(request(), execute(CREATED))).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', settled: false });
    expect(sent).toBe(1);
    clock.advance(1);
    await expect(keys.run(request(), execute(CREATED))).resolves.toBe(CREATED);
    expect(sent).toBe(2);
    // The resend's answer now answers the key itself.
    await keys.run(request(), execute(CREATED));
    expect(sent).toBe(2);
  });

  it('sends again at once after a write legacy answered (a 5xx) that reconciliation does not find; only one retry gets to', async () => {
    await expect(keys.run(request(), execute(new AmbiguousWriteError(new Date(clock.now()), true)))).rejects.toBeInstanceOf(AmbiguousWriteError);
    let release!: () => void;
    const slow = async () => {
      sent++;
      await new Promise<void>((resolve) => (release = resolve));
      return CREATED;
    };
    const first = keys.run(request(), slow);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(keys.run(request(), execute(CREATED))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
    release();
    await expect(first).resolves.toBe(CREATED);
    expect(sent).toBe(2);
  });

  it('answers a repeat with the earlier write when reconciliation finds it, without sending, and remembers it', async () => {
    await expect(keys.run(request(), execute(new AmbiguousWriteError(new Date(clock.now()), false)))).rejects.toBeInstanceOf(AmbiguousWriteError);
    found = CREATED;
    await expect(keys.run(request(), execute(CREATED))).resolves.toMatchObject({ status: 201, reconciled: true });
    found = null;
    await expect(keys.run(request(), execute(CREATED))).resolves.toMatchObject({ status: 201 });
    expect(sent).toBe(1);
  });

  it('keeps an outcome unknown when the reconciliation read itself fails', async () => {
    await expect(keys.run(request(), execute(new AmbiguousWriteError(new Date(clock.now()), true)))).rejects.toBeInstanceOf(AmbiguousWriteError);
    const failing: LegacyRequest = { ...request(), reconcile: async () => Promise.reject(new Error('legacy 500')) };
    await expect(keys.run(failing, execute(CREATED))).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN' });
    expect(sent).toBe(1);
  });

  it('rejects a key reused for a different body (422 IDEMPOTENCY_KEY_REUSED)', async () => {
    await keys.run(request(), execute(CREATED));
    await expect(keys.run(request('{"name":"B"}'), execute(CREATED))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('frees the key when the write failed for certain (legacy refused it): the retry is sent', async () => {
    const refused = new Error('422 from legacy');
    await expect(keys.run(request(), execute(refused))).rejects.toBe(refused);
    await expect(keys.run(request(), execute(CREATED))).resolves.toBe(CREATED);
    expect(sent).toBe(2);
  });

  it('returns a refusal legacy answered (a 4xx, its 401) without keeping it under the key: the retry is sent', async () => {
    const unauthorised: LegacyResponse = { status: 401, headers: {}, body: Buffer.from('{"error":"bad credentials"}'), attempts: 1 };
    await expect(keys.run(request(), execute(unauthorised))).resolves.toBe(unauthorised);
    await expect(keys.run(request(), execute(CREATED))).resolves.toBe(CREATED);
    await expect(keys.run(request(), execute(CREATED))).resolves.toMatchObject({ status: 201, attempts: 0 });
    expect(sent).toBe(2);
  });
});

/** A memory layer whose chosen answer writes fail from now on (1 = the next): a keyed write makes its "sent" record's, then its own. */
class AnswerWritesFail extends MemoryPersistenceLayer {
  private failing = new Set<number>();
  private seen = 0;
  failUpdates(...nth: number[]): void {
    this.seen = 0;
    this.failing = new Set(nth);
  }
  protected override async _updateRecord(record: Parameters<MemoryPersistenceLayer['_updateRecord']>[0]): Promise<void> {
    if (this.failing.delete(++this.seen)) throw new Error('DynamoDB timed out');
    return super._updateRecord(record);
  }
}

describe('LegacyWriteIdempotency: a run whose outcome was never stored', () => {
  const IN_PROGRESS_MS = 30;
  let clock: ManualLegacyClock;
  let layer: AnswerWritesFail;
  let keys: LegacyWriteIdempotency;
  let sent: number;
  let found: LegacyResponse | null;
  const request = (): LegacyRequest => ({
    method: 'POST',
    path: '/notes',
    body: Buffer.from('{"title":"t"}'),
    idempotency: { key: 'k1', scope: 'staff:7' },
    reconcile: async () => found,
  });
  const sends = (answer: LegacyResponse) => async () => (sent++, answer);
  const afterInProgressExpiry = () => new Promise((resolve) => setTimeout(resolve, IN_PROGRESS_MS + 20));

  beforeEach(() => {
    clock = new ManualLegacyClock();
    layer = new AnswerWritesFail();
    const runner = new PowertoolsIdempotency(layer, () => undefined, { expiresAfterSeconds: 3600, inProgressExpiryMs: IN_PROGRESS_MS });
    keys = new LegacyWriteIdempotency(runner, 30_000, clock);
    sent = 0;
    found = null;
  });

  it('a retry that takes over the expired key reconciles instead of sending: the earlier write found is the answer', async () => {
    layer.failUpdates(2);
    await expect(keys.run(request(), sends(CREATED))).resolves.toBe(CREATED);
    await afterInProgressExpiry();
    found = CREATED;
    await expect(keys.run(request(), sends(CREATED))).resolves.toMatchObject({ status: 201, reconciled: true });
    expect(sent).toBe(1);
  });

  it('a retry that takes over and finds nothing waits out the settle time, then sends once', async () => {
    layer.failUpdates(2);
    await keys.run(request(), sends(CREATED));
    await afterInProgressExpiry();
    await expect(keys.run(request(), sends(CREATED))).rejects.toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN' });
    expect(sent).toBe(1);
    clock.advance(30_000);
    await expect(keys.run(request(), sends(CREATED))).resolves.toBe(CREATED);
    expect(sent).toBe(2);
  });

  it('sends nothing when the "sent" record cannot be stored (503 IDEMPOTENCY_UNAVAILABLE); a later retry sends once', async () => {
    layer.failUpdates(1, 2);
    await expect(keys.run(request(), sends(CREATED))).rejects.toMatchObject({ code: 'IDEMPOTENCY_UNAVAILABLE' });
    expect(sent).toBe(0);
    await afterInProgressExpiry();
    await expect(keys.run(request(), sends(CREATED))).resolves.toBe(CREATED);
    expect(sent).toBe(1);
  });
});
