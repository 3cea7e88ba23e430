import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { JsonLog } from '../observability/json-log';
import type { SharedRead, SharedReadCache } from '../legacy/shared-read-cache';

/**
 * The legacy read cache's shared level in DynamoDB (the `legacy-cache` table). One item per
 * key (a SHA-256 of principal and resource): the read's JSON and when it started, and when the
 * key was last invalidated. A read is stored only if it started after that invalidation and
 * after the read already there, so a read in flight during a write never lands after the
 * write's invalidation. Items expire by TTL (`expiresAt`, seconds). Every failure is logged
 * and treated as a miss: the shared level only ever saves legacy requests.
 */
export class DynamoSharedReadCache implements SharedReadCache {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly log: JsonLog,
  ) {}

  async get(key: string): Promise<SharedRead | undefined> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { key: hashed(key) }, ConsistentRead: true }));
      if (typeof Item?.json !== 'string' || typeof Item.fetchedAt !== 'number') return undefined;
      return { json: Item.json, fetchedAt: Item.fetchedAt };
    } catch (error) {
      this.failed('get', error);
      return undefined;
    }
  }

  async put(key: string, read: SharedRead, expiresAt: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { key: hashed(key) },
          UpdateExpression: 'SET #json = :json, fetchedAt = :fetchedAt, expiresAt = :expiresAt',
          ConditionExpression: '(attribute_not_exists(invalidatedAt) OR invalidatedAt <= :fetchedAt) AND (attribute_not_exists(fetchedAt) OR fetchedAt <= :fetchedAt)',
          ExpressionAttributeNames: { '#json': 'json' },
          ExpressionAttributeValues: { ':json': read.json, ':fetchedAt': read.fetchedAt, ':expiresAt': Math.ceil(expiresAt / 1000) },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return; // older than a write, or than what is there
      this.failed('put', error);
    }
  }

  async invalidate(keys: readonly string[], at: number): Promise<void> {
    await Promise.all(
      keys.map(async (key) => {
        try {
          await this.client.send(
            new UpdateCommand({
              TableName: this.table,
              Key: { key: hashed(key) },
              UpdateExpression: 'SET invalidatedAt = :at, expiresAt = :expiresAt REMOVE #json, fetchedAt',
              ConditionExpression: 'attribute_not_exists(invalidatedAt) OR invalidatedAt < :at',
              ExpressionAttributeNames: { '#json': 'json' },
              // The marker outlives any read that could have started before it (the legacy deadline is 25 s).
              ExpressionAttributeValues: { ':at': at, ':expiresAt': Math.ceil(at / 1000) + 15 * 60 },
            }),
          );
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) return; // a later invalidation is there already
          this.failed('invalidate', error);
        }
      }),
    );
  }

  private failed(operation: string, error: unknown): void {
    this.log({ level: 'warn', msg: `shared legacy read cache: ${operation} failed`, error: { name: (error as Error | null)?.name, message: (error as Error | null)?.message } });
  }
}

const hashed = (key: string): string => createHash('sha256').update(key).digest('base64url');
