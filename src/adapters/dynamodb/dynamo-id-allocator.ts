import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { IdAllocator } from '../../domain/ports/id-allocator';

/** Counter names in the counters table. */
export const HOSPITAL_ID_COUNTER = 'hospital-id';
export const STAFF_ID_COUNTER = 'staff-id';

/**
 * Ids from an atomic counter in its own table, reserved in blocks: one `ADD value :block`
 * hands this instance the ids (value - block, value], which it then gives out from memory.
 * A warm Lambda therefore writes the counter once per block instead of once per create.
 * Ids are unique across any number of instances and processes because every block comes from
 * one atomic ADD; ids left in a block when an instance dies are simply never used.
 */
export class DynamoIdAllocator implements IdAllocator {
  private nextId = 0;
  private blockEnd = 0;
  /** The reservation in flight, shared by every caller that finds the block empty meanwhile. */
  private refill?: Promise<void>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly counterName: string,
    private readonly blockSize = 20,
  ) {
    if (!Number.isSafeInteger(blockSize) || blockSize < 1) throw new RangeError('blockSize must be a positive integer.');
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
    }
  }

  private async reserveBlock(): Promise<void> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { name: this.counterName },
        UpdateExpression: 'ADD #value :block',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':block': this.blockSize },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const end = Number(Attributes?.value);
    if (!Number.isSafeInteger(end)) throw new RangeError('Id space exhausted.');
    this.nextId = end - this.blockSize + 1;
    this.blockEnd = end;
  }
}
