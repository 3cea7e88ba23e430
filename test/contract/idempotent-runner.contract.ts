import { IdempotencyRequest, IdempotentRunner } from '../../src/adapters/idempotency/idempotent-runner';

export interface IdempotentRunnerUnderTest {
  readonly runner: IdempotentRunner;
  /** Another process over the same store, when the store is shared. */
  readonly secondInstance?: IdempotentRunner;
  /** A runner whose store cannot be reached. */
  readonly unreachable: IdempotentRunner;
  readonly cleanup?: () => Promise<void>;
}

let counter = 0;
const keyed = (overrides: Partial<IdempotencyRequest> = {}): IdempotencyRequest => ({
  scope: 'staff:7',
  operation: 'POST /hospitals',
  key: `key-${++counter}-${Date.now()}`,
  payload: '{"name":"A"}',
  ...overrides,
});

/** The behaviour every store of Idempotency-Keys must have; run against process memory and DynamoDB Local. */
export function describeIdempotentRunnerContract(name: string, make: () => Promise<IdempotentRunnerUnderTest>): void {
  describe(`IdempotentRunner contract: ${name}`, () => {
    let subject: IdempotentRunnerUnderTest;
    beforeAll(async () => {
      subject = await make();
    });
    afterAll(() => subject.cleanup?.());

    it('runs a request once; a repeat with the same payload gets the stored value, marked replayed', async () => {
      const request = keyed();
      let runs = 0;
      const execute = async () => ({ status: 201, id: ++runs });
      await expect(subject.runner.run(request, execute)).resolves.toEqual({ value: { status: 201, id: 1 }, replayed: false });
      await expect(subject.runner.run(request, execute)).resolves.toEqual({ value: { status: 201, id: 1 }, replayed: true });
      expect(runs).toBe(1);
    });

    it('refuses the same key with another payload (IDEMPOTENCY_KEY_REUSED), without running it', async () => {
      const request = keyed();
      await subject.runner.run(request, async () => ({ ok: true }));
      let ran = false;
      await expect(subject.runner.run({ ...request, payload: '{"name":"B"}' }, async () => ((ran = true), { ok: true }))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(ran).toBe(false);
    });

    it('refuses a repeat while the first still runs (IDEMPOTENCY_KEY_IN_PROGRESS, retry after 1 s)', async () => {
      const request = keyed();
      let release!: () => void;
      const first = subject.runner.run(request, () => new Promise<{ n: number }>((resolve) => (release = () => resolve({ n: 1 }))));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(subject.runner.run(request, async () => ({ n: 2 }))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS', retryAfterSeconds: 1 });
      release();
      await expect(first).resolves.toEqual({ value: { n: 1 }, replayed: false });
    });

    it('keeps nothing for a request that failed: the error is the caller\'s, and the key may be used again', async () => {
      const request = keyed();
      const failure = new Error('legacy said no');
      await expect(subject.runner.run(request, async () => Promise.reject(failure))).rejects.toBe(failure);
      await expect(subject.runner.run(request, async () => ({ second: true }))).resolves.toEqual({ value: { second: true }, replayed: false });
    });

    it('scopes keys by member and operation: the same key from another member, or to another route, is a new request', async () => {
      const request = keyed();
      await subject.runner.run(request, async () => ({ who: 'alice' }));
      await expect(subject.runner.run({ ...request, scope: 'staff:8' }, async () => ({ who: 'mallory' }))).resolves.toEqual({ value: { who: 'mallory' }, replayed: false });
      await expect(subject.runner.run({ ...request, operation: 'POST /notes' }, async () => ({ who: 'notes' }))).resolves.toEqual({ value: { who: 'notes' }, replayed: false });
    });

    it('replaces a stored value when told (an outcome learnt later)', async () => {
      const request = keyed();
      await subject.runner.run(request, async () => ({ kind: 'unknown' }));
      await subject.runner.replace(request, { kind: 'answered' });
      await expect(subject.runner.run(request, async () => ({ kind: 'sent again' }))).resolves.toEqual({ value: { kind: 'answered' }, replayed: true });
    });

    it('stores a value under a key, run or not, which a later run replays', async () => {
      const fresh = keyed();
      await subject.runner.store(fresh, { kind: 'stored first' });
      await expect(subject.runner.run(fresh, async () => ({ kind: 'ran' }))).resolves.toEqual({ value: { kind: 'stored first' }, replayed: true });
      const ran = keyed();
      await subject.runner.run(ran, async () => ({ kind: 'ran' }));
      await subject.runner.store(ran, { kind: 'stored over' });
      await expect(subject.runner.run(ran, async () => ({ kind: 'ran again' }))).resolves.toEqual({ value: { kind: 'stored over' }, replayed: true });
    });

    it('with a second instance over the same store: a repeat on the other process gets the first answer', async () => {
      if (!subject.secondInstance) return;
      const request = keyed();
      await subject.runner.run(request, async () => ({ from: 'first process' }));
      let ran = false;
      await expect(subject.secondInstance.run(request, async () => ((ran = true), { from: 'second process' }))).resolves.toEqual({ value: { from: 'first process' }, replayed: true });
      expect(ran).toBe(false);
    });

    it('fails closed when the store cannot record the key: IDEMPOTENCY_UNAVAILABLE, and the request is not run', async () => {
      let ran = false;
      await expect(subject.unreachable.run(keyed(), async () => ((ran = true), { ok: true }))).rejects.toMatchObject({ code: 'IDEMPOTENCY_UNAVAILABLE', retryAfterSeconds: 1 });
      expect(ran).toBe(false);
    });

    it('a store that cannot be reached makes a strict store throw IDEMPOTENCY_UNAVAILABLE', async () => {
      await expect(subject.unreachable.store(keyed(), { ok: true })).rejects.toMatchObject({ code: 'IDEMPOTENCY_UNAVAILABLE' });
    });
  });
}
