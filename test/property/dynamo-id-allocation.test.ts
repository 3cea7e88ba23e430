import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { DynamoIdAllocator } from '../../src/adapters/dynamodb/dynamo-id-allocator';

/**
 * A counters table in memory that applies the allocator's two updates (`ADD` and the
 * conditional `SET` of seedAbove) at a moment the scheduler picks, and answers at another,
 * so requests and responses of several allocators interleave in every possible order.
 */
class ScheduledCounters {
  readonly values = new Map<string, number>();
  /** Every value the counter ever had, to prove it never went down. */
  readonly history: number[] = [];
  adds = 0;

  constructor(private readonly s: fc.Scheduler) {}

  readonly client = {
    send: async (command: UpdateCommand): Promise<{ Attributes?: Record<string, unknown> }> => {
      await this.s.schedule(Promise.resolve(), 'request');
      const outcome = this.apply(command);
      await this.s.schedule(Promise.resolve(), 'response');
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  } as unknown as DynamoDBDocumentClient;

  private apply(command: UpdateCommand): Error | { Attributes?: Record<string, unknown> } {
    const { Key, UpdateExpression, ExpressionAttributeValues } = command.input;
    const name = String(Key?.name);
    const current = this.values.get(name);
    let next: number;
    if (UpdateExpression?.startsWith('ADD')) {
      next = (current ?? 0) + Number(ExpressionAttributeValues?.[':block']);
      this.adds++;
    } else if (UpdateExpression?.startsWith('SET')) {
      const target = Number(ExpressionAttributeValues?.[':target']);
      if (current !== undefined && current >= target) {
        return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
      }
      next = target;
    } else {
      return new Error(`unexpected update ${UpdateExpression}`);
    }
    this.values.set(name, next);
    this.history.push(next);
    return { Attributes: { value: next } };
  }
}

type Operation = { kind: 'next'; instance: number } | { kind: 'seed'; instance: number; above: number };

const operations = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.nat(2).map((instance): Operation => ({ kind: 'next', instance })) },
    {
      weight: 1,
      arbitrary: fc.record({ instance: fc.nat(2), above: fc.integer({ min: 0, max: 60 }) }).map((o): Operation => ({ kind: 'seed', ...o })),
    },
  ),
  { minLength: 1, maxLength: 30 },
);

describe('DynamoIdAllocator block hand-out under interleaving', () => {
  it('never hands out an id twice across instances, stays above every seed the instance finished, never lowers the counter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 5 }), operations, async (s, blockSize, ops) => {
        const table = new ScheduledCounters(s);
        const instances = [0, 1, 2].map(() => new DynamoIdAllocator(table.client, 'counters', 'hospital-id', blockSize));
        // Per instance: another instance's cached block is its own (seeding happens before others allocate).
        const seededAbove = [0, 0, 0];
        const results: { id: number; floor: number }[] = [];
        const tasks = ops.map((op) =>
          s.schedule(Promise.resolve(), op.kind).then(async () => {
            const allocator = instances[op.instance]!;
            if (op.kind === 'seed') {
              await allocator.seedAbove(op.above);
              seededAbove[op.instance] = Math.max(seededAbove[op.instance]!, op.above);
            } else {
              const floor = seededAbove[op.instance]!;
              results.push({ id: await allocator.next(), floor });
            }
          }),
        );
        await s.waitIdle();
        await Promise.all(tasks);
        const ids = results.map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const { id, floor } of results) expect(id).toBeGreaterThan(floor);
        for (let i = 1; i < table.history.length; i++) expect(table.history[i]).toBeGreaterThan(table.history[i - 1]!);
        // One counter write per block, not per id: without seeds every block yields at least one id.
        if (ops.every((o) => o.kind === 'next')) expect(table.adds).toBeLessThanOrEqual(ids.length);
      }),
      { numRuns: 300 },
    );
  });
});
