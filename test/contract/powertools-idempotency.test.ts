import { MemoryPersistenceLayer } from '../../src/adapters/idempotency/memory-persistence-layer';
import { PowertoolsIdempotency } from '../../src/adapters/idempotency/powertools-idempotency';
import { describeIdempotentRunnerContract } from './idempotent-runner.contract';

const quiet = () => undefined;

/** A persistence layer whose every call fails, as a store that cannot be reached does. */
class FailingPersistenceLayer extends MemoryPersistenceLayer {
  protected override async _putRecord(): Promise<void> {
    throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError' });
  }
  protected override async _updateRecord(): Promise<void> {
    throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError' });
  }
}

describeIdempotentRunnerContract('process memory (HOSP_STORE=memory)', async () => ({
  runner: new PowertoolsIdempotency(new MemoryPersistenceLayer(), quiet),
  unreachable: new PowertoolsIdempotency(new FailingPersistenceLayer(), quiet),
}));

describe('MemoryPersistenceLayer', () => {
  it('keeps the stored answers within maxBytes, forgetting the least recently used first', async () => {
    const layer = new MemoryPersistenceLayer({ maxEntries: 10_000, maxBytes: 100 * 1024 });
    const runner = new PowertoolsIdempotency(layer, quiet);
    const big = { body: 'a'.repeat(40 * 1024) };
    for (let i = 0; i < 10; i++) await runner.run({ scope: 's', operation: 'POST /notes', key: `k${i}`, payload: '' }, async () => big);
    const records = (layer as unknown as { records: { calculatedSize: number; size: number } }).records;
    expect(records.calculatedSize).toBeLessThanOrEqual(100 * 1024);
    expect(records.size).toBe(2);
    let runs = 0;
    await runner.run({ scope: 's', operation: 'POST /notes', key: 'k9', payload: '' }, async () => ((runs++), big));
    expect(runs).toBe(0);
    await runner.run({ scope: 's', operation: 'POST /notes', key: 'k0', payload: '' }, async () => ((runs++), big));
    expect(runs).toBe(1);
  });
});
