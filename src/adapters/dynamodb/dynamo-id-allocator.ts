import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { IdAllocator } from '../../domain/ports/id-allocator';

/** Counter names in the counters table. */
export const HOSPITAL_ID_COUNTER = 'hospital-id';
export const STAFF_ID_COUNTER = 'staff-id';

/** Default cap of the adaptive block size (HOSP_ID_MAX_BLOCK_SIZE). */
export const DEFAULT_MAX_ID_BLOCK_SIZE = 1000;

export interface IdBlockSizing {
  /** Largest block the size may grow to; at or below the initial size, blocks never grow. Default 1,000. */
  readonly maxBlockSize?: number;
  /** A block used up faster than this doubles the next one. Default 1 s. */
  readonly growWithinMs?: number;
  /** A block that lasted longer than this halves the next one, down to the initial size. Default 30 s. */
  readonly shrinkAfterMs?: number;
  /** Monotonic time in ms (tests); defaults to `performance.now`. */
  readonly now?: () => number;
}

/**
 * Ids from an atomic counter in its own table, reserved in blocks: one `ADD value :block`
 * hands this instance the ids (value - block, value], which it then gives out from memory.
 * A warm Lambda therefore writes the counter once per block instead of once per create.
 * Ids are unique across any number of instances and processes because every block comes from
 * one atomic ADD; ids left in a block when an instance dies are simply never used.
 *
 * The block size adapts to demand (like Hibernate's pooled optimiser, sized by use): it starts
 * at `blockSize`, doubles (up to `maxBlockSize`) each time a block is used up within
 * `growWithinMs` of arriving, and halves (down to `blockSize`) when a block lasted longer than
 * `shrinkAfterMs`. A burst thus costs a handful of counter writes per instance, while a quiet
 * instance holds, and loses if it dies, few ids. Each block's bounds come from the size sent
 * with its own ADD, so a size change never makes two blocks overlap.
 */
export class DynamoIdAllocator implements IdAllocator {
  private nextId = 0;
  private blockEnd = 0;
  /** The reservation in flight, shared by every caller that finds the block empty meanwhile. */
  private refill?: Promise<void>;
  /** The size the next reservation asks for. */
  private size: number;
  /** When the current block arrived; undefined when there is none, or it was dropped by a seed. */
  private blockArrivedAt: number | undefined;
  private readonly maxBlockSize: number;
  private readonly growWithinMs: number;
  private readonly shrinkAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly counterName: string,
    private readonly blockSize = 20,
    sizing: IdBlockSizing = {},
  ) {
    if (!Number.isSafeInteger(blockSize) || blockSize < 1) throw new RangeError('blockSize must be a positive integer.');
    const max = sizing.maxBlockSize ?? DEFAULT_MAX_ID_BLOCK_SIZE;
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError('maxBlockSize must be a positive integer.');
    this.maxBlockSize = Math.max(blockSize, max);
    this.growWithinMs = sizing.growWithinMs ?? 1000;
    this.shrinkAfterMs = sizing.shrinkAfterMs ?? 30_000;
    this.now = sizing.now ?? (() => performance.now());
    this.size = blockSize;
  }

  /** The size the next block will have (for tests and metrics). */
  get nextBlockSize(): number {
    return this.size;
  }

  async next(): Promise<number> {
    while (this.nextId === 0 || this.nextId > this.blockEnd) {
      this.refill ??= this.reserveBlock().finally(() => {
        this.refill = undefined;
      });
      await this.refill;
    }
    return this.nextId++;
  }

  /**
   * Raises the counter to `highestUsed` unless it is already higher (one conditional write,
   * so it never lowers it), and drops this instance's block if it could hand out ids at or
   * below it. Seed before other processes start allocating: their cached blocks are theirs.
   */
  async seedAbove(highestUsed: number): Promise<void> {
    const target = Math.trunc(highestUsed);
    if (target < 1) return;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { name: this.counterName },
          UpdateExpression: 'SET #value = :target',
          ConditionExpression: 'attribute_not_exists(#value) OR #value < :target',
          ExpressionAttributeNames: { '#value': 'value' },
          ExpressionAttributeValues: { ':target': target },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
    // A reservation sent before the counter was raised may still be on its way back with a
    // block at or below `target`: let it land, then drop it with the rest.
    await this.refill?.catch(() => undefined);
    if (this.nextId <= target) {
      this.nextId = 0;
      this.blockEnd = 0;
      this.blockArrivedAt = undefined;
    }
  }

  /** Sizes the next block from how long the last one lasted. */
  private adapt(): void {
    if (this.blockArrivedAt === undefined) return;
    const lasted = this.now() - this.blockArrivedAt;
    if (lasted < this.growWithinMs) this.size = Math.min(this.size * 2, this.maxBlockSize);
    else if (lasted > this.shrinkAfterMs) this.size = Math.max(Math.floor(this.size / 2), this.blockSize);
  }

  private async reserveBlock(): Promise<void> {
    this.adapt();
    const size = this.size;
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { name: this.counterName },
        UpdateExpression: 'ADD #value :block',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':block': size },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const end = Number(Attributes?.value);
    if (!Number.isSafeInteger(end)) throw new RangeError('Id space exhausted.');
    this.nextId = end - size + 1;
    this.blockEnd = end;
    this.blockArrivedAt = this.now();
  }
}
