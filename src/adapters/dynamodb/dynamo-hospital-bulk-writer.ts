import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { Hospital, HospitalId } from '../../domain/hospital';
import { BulkHospitalWrite, BulkWriteOutcome, HospitalBulkStore } from '../../application/migration/ports/hospital-bulk-store';
import { AuditItem, auditWriteToken, toAuditItem } from './audit-item';
import { transactWrite } from './transact-write';
import { hospitalKey, fromHospitalItem, toHospitalItem } from './hospital-item';



export interface DynamoBulkWriterOptions {
  /** Hospitals per TransactWriteItems (each with its audit entry: two actions apiece, at most 50). */
  readonly writeBatchSize: number;
  /** Keys per BatchGetItem (at most 100). */
  readonly readBatchSize: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Rounds of retrying UnprocessedKeys before giving up. */
  readonly maxUnprocessedRetries: number;
  /** Full-jitter backoff for unprocessed keys: random(0, min(max, base × 2^round)) ms. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export const DEFAULT_BULK_WRITER: DynamoBulkWriterOptions = {
  writeBatchSize: 25,
  readBatchSize: 100,
  concurrency: 4,
  maxUnprocessedRetries: 10,
  backoffBaseMs: 25,
  backoffMaxMs: 2_000,
};

/**
 * Bulk reads and writes of hospitals for migrations.
 *
 * Reads are BatchGetItem (100 keys, strongly consistent), with unprocessed keys retried
 * under full-jitter backoff. Writes are *conditional* TransactWriteItems of 25 hospitals,
 * each with its audit entry, rather than BatchWriteItem: BatchWriteItem cannot carry a
 * condition, so "read, then write the absent ones" would silently overwrite anything created
 * or changed between the read and the write, and could store a hospital without its audit
 * entry. A transaction costs twice the write capacity; for a one-off migration correctness
 * is worth it. A refused condition marks that hospital `stale` (the caller reads it again)
 * and the rest of the batch is sent again without it. Batches run with bounded concurrency.
 */
export class DynamoHospitalBulkWriter implements HospitalBulkStore {
  private readonly options: DynamoBulkWriterOptions;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly auditTableName: string,
    options: Partial<DynamoBulkWriterOptions> = {},
  ) {
    this.options = { ...DEFAULT_BULK_WRITER, ...options };
    if (this.options.writeBatchSize < 1 || this.options.writeBatchSize > 50) throw new RangeError('writeBatchSize must be 1 to 50');
    if (this.options.readBatchSize < 1 || this.options.readBatchSize > 100) throw new RangeError('readBatchSize must be 1 to 100');
  }

  async getMany(ids: readonly HospitalId[]): Promise<Map<HospitalId, Hospital>> {
    const unique = [...new Set(ids)];
    const found = new Map<HospitalId, Hospital>();
    await forEachLimited(chunk(unique, this.options.readBatchSize), this.options.concurrency, async (keys) => {
      for (const hospital of await this.batchGet(keys)) found.set(hospital.id, hospital);
    });
    return found;
  }

  async writeMany(writes: readonly BulkHospitalWrite[]): Promise<BulkWriteOutcome[]> {
    const outcomes = new Array<BulkWriteOutcome>(writes.length).fill('written');
    const indexed = writes.map((write, index) => ({ write, index }));
    await forEachLimited(chunk(indexed, this.options.writeBatchSize), this.options.concurrency, async (batch) => {
      for (const index of await this.transact(batch.map((b) => b.write))) outcomes[batch[index]!.index] = 'stale';
    });
    return outcomes;
  }

  /** One BatchGetItem, repeated for unprocessed keys (throttling) with backoff. */
  private async batchGet(ids: HospitalId[]): Promise<Hospital[]> {
    const found: Hospital[] = [];
    let keys: Record<string, unknown>[] = ids.map(hospitalKey);
    for (let round = 0; keys.length > 0; round++) {
      if (round > this.options.maxUnprocessedRetries) throw new Error(`DynamoDB left ${keys.length} keys unprocessed after ${round} rounds`);
      if (round > 0) await sleep(this.backoff(round));
      const { Responses, UnprocessedKeys } = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      found.push(...(Responses?.[this.tableName] ?? []).map(fromHospitalItem));
      keys = (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
    return found;
  }

  /**
   * Writes the batch in one transaction; returns the positions whose condition failed (those
   * are not written), after writing all the others.
   */
  private async transact(writes: BulkHospitalWrite[]): Promise<number[]> {
    const stale: number[] = [];
    let remaining = writes.map((write, index) => ({ ...write, index, auditItem: toAuditItem(write.audit) }));
    while (remaining.length > 0) {
      try {
        // The same transaction sent again (an SDK retry after a timeout) is applied once.
        const token = auditWriteToken([this.tableName, this.auditTableName], 'bulk', remaining.map((r) => r.auditItem));
        await transactWrite(this.client, this.transaction(remaining), token);
        return stale;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        // Actions go hospital, audit, hospital, audit…: action 2i and 2i+1 belong to write i.
        const refused = new Set(
          reasons.flatMap((reason, action) => (reason.Code === 'ConditionalCheckFailed' ? [Math.floor(action / 2)] : [])),
        );
        if (refused.size === 0) throw error;
        stale.push(...remaining.filter((_, i) => refused.has(i)).map((r) => r.index));
        remaining = remaining.filter((_, i) => !refused.has(i));
      }
    }
    return stale;
  }

  private transaction(writes: Array<BulkHospitalWrite & { auditItem: AuditItem }>): TransactWriteCommandInput {
    return {
      TransactItems: writes.flatMap(({ hospital, expected, auditItem }) => [
        {
          Put: {
            TableName: this.tableName,
            Item: toHospitalItem(hospital),
            ...(expected === null
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: 'attribute_exists(pk) AND version = :expected',
                  ExpressionAttributeValues: { ':expected': expected.version },
                }),
          },
        },
        {
          Put: {
            TableName: this.auditTableName,
            Item: auditItem,
            ConditionExpression: 'attribute_not_exists(entity)',
          },
        },
      ]),
    };
  }

  private backoff(round: number): number {
    return Math.random() * Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** round);
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Runs `work` over `items` with at most `limit` in flight; the first failure rejects (after the rest settle). */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  const results = await Promise.allSettled(workers);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
