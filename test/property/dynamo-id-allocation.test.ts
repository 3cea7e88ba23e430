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
  /** The size every ADD asked for. */
  readonly blockSizes: number[] = [];
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
      this.blockSizes.push(Number(ExpressionAttributeValues?.[':block']));
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

type Operation =
  | { kind: 'next'; instance: number }
  | { kind: 'seed'; instance: number; above: number }
  | { kind: 'tick'; ms: number };

const operations = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.nat(2).map((instance): Operation => ({ kind: 'next', instance })) },
    {
      weight: 1,
      arbitrary: fc.record({ instance: fc.nat(2), above: fc.integer({ min: 0, max: 60 }) }).map((o): Operation => ({ kind: 'seed', ...o })),
    },
    // Time passing between operations: short gaps make blocks grow, long ones shrink them.
    { weight: 1, arbitrary: fc.constantFrom(0, 5, 50, 500).map((ms): Operation => ({ kind: 'tick', ms })) },
  ),
  { minLength: 1, maxLength: 40 },
);

describe('DynamoIdAllocator block hand-out under interleaving', () => {
  it('never hands out an id twice across instances, stays above every seed the instance finished, never lowers the counter, while blocks grow and shrink', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 40 }),
        operations,
        async (s, blockSize, maxBlockSize, ops) => {
          const table = new ScheduledCounters(s);
          let now = 0;
          // Blocks used up within 10 ms grow; blocks that lasted over 100 ms shrink.
          const sizing = { maxBlockSize, growWithinMs: 10, shrinkAfterMs: 100, now: () => now };
          const instances = [0, 1, 2].map(() => new DynamoIdAllocator(table.client, 'counters', 'hospital-id', blockSize, sizing));
          // Per instance: another instance's cached block is its own (seeding happens before others allocate).
          const seededAbove = [0, 0, 0];
          const results: { id: number; floor: number }[] = [];
          const tasks = ops.map((op) =>
            s.schedule(Promise.resolve(), op.kind).then(async () => {
              if (op.kind === 'tick') {
                now += op.ms;
                return;
              }
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
          for (const size of table.blockSizes) {
            expect(size).toBeGreaterThanOrEqual(blockSize);
            expect(size).toBeLessThanOrEqual(Math.max(blockSize, maxBlockSize));
          }
          // One counter write per block, not per id: without seeds every block yields at least one id.
          if (ops.every((o) => o.kind !== 'seed')) expect(table.adds).toBeLessThanOrEqual(ids.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A counter that answers at once, for the sizing rules themselves. */
function immediateCounter() {
  let value = 0;
  const sizes: number[] = [];
  const client = {
    send: async (command: UpdateCommand) => {
      const block = Number(command.input.ExpressionAttributeValues?.[':block']);
      sizes.push(block);
      value += block;
      return { Attributes: { value } };
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sizes };
}

describe('DynamoIdAllocator adaptive block size', () => {
  it('doubles the block while blocks are used up quickly, up to the maximum, handing out every id in order', async () => {
    const { client, sizes } = immediateCounter();
    const ids = new DynamoIdAllocator(client, 'counters', 'hospital-id', 20, { maxBlockSize: 1000, now: () => 0 });
    const got: number[] = [];
    for (let i = 0; i < 3000; i++) got.push(await ids.next());
    expect(sizes).toEqual([20, 40, 80, 160, 320, 640, 1000, 1000]);
    expect(got).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
  });

  it('1,250 creates on one instance (the benchmark share of 10,000 over 8) take 6 counter writes, not 63', async () => {
    const { client, sizes } = immediateCounter();
    const ids = new DynamoIdAllocator(client, 'counters', 'hospital-id', 20, { now: () => 0 });
    await Promise.all(Array.from({ length: 1250 }, () => ids.next()));
    expect(sizes).toEqual([20, 40, 80, 160, 320, 640]);
  });

  it('halves back towards the configured size when blocks last long, and keeps the size when demand is steady', async () => {
    const { client, sizes } = immediateCounter();
    let now = 0;
    const ids = new DynamoIdAllocator(client, 'counters', 'hospital-id', 4, { maxBlockSize: 64, growWithinMs: 1000, shrinkAfterMs: 30_000, now: () => now });
    /** Takes one id every `gapMs` until a new block is reserved; returns that block's size. */
    const nextBlock = async (gapMs: number): Promise<number> => {
      const before = sizes.length;
      while (sizes.length === before) {
        now += gapMs;
        await ids.next();
      }
      return sizes.at(-1)!;
    };
    const burst: number[] = [];
    for (let i = 0; i < 5; i++) burst.push(await nextBlock(0));
    expect(burst).toEqual([4, 8, 16, 32, 64]);
    // One id a minute: each block outlasts 30 s, so each next one is half the size, down to 4.
    const quiet: number[] = [];
    for (let i = 0; i < 5; i++) quiet.push(await nextBlock(60_000));
    expect(quiet).toEqual([32, 16, 8, 4, 4]);
    // A block lasting 5 s (between the thresholds) keeps the size.
    const steady: number[] = [];
    for (let i = 0; i < 3; i++) steady.push(await nextBlock(1250));
    expect(steady).toEqual([4, 4, 4]);
  });

  it('never grows with a maximum at or below the configured size (the benchmark block-size-1 baseline)', async () => {
    const { client, sizes } = immediateCounter();
    const ids = new DynamoIdAllocator(client, 'counters', 'hospital-id', 1, { maxBlockSize: 1, now: () => 0 });
    await Promise.all(Array.from({ length: 50 }, () => ids.next()));
    expect(sizes).toEqual(Array(50).fill(1));
  });
});
