import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, QueryCommandInput, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { AuditEntry } from '../../domain/audit-entry';
import { AuditLog, AuditQuery } from '../../domain/ports/audit-log';
import { fromAuditItem, toAuditItem } from './audit-item';
import { AUDIT_BY_ACTOR_INDEX } from './table-definitions';

/**
 * The audit trail in its own table: by entity through the table key, by staff member through
 * the `byActor` index; both newest first. Entries are only ever added.
 */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Writing the same entry twice (a retried request) stores it once. */
  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: toAuditItem(entry), ConditionExpression: 'attribute_not_exists(entity)' }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  listByEntity(entityType: AuditEntry['entityType'], entityId: string, query: AuditQuery = {}): Promise<AuditEntry[]> {
    return this.newestFirst(
      { KeyConditionExpression: 'entity = :entity', ExpressionAttributeValues: { ':entity': `${entityType}#${entityId}` }, ConsistentRead: true },
      query.limit,
    );
  }

  /** Served by a global secondary index, so it is eventually consistent on AWS. */
  listByActor(staffId: number, query: AuditQuery = {}): Promise<AuditEntry[]> {
    return this.newestFirst(
      { IndexName: AUDIT_BY_ACTOR_INDEX, KeyConditionExpression: 'actorId = :actor', ExpressionAttributeValues: { ':actor': staffId } },
      query.limit,
    );
  }

  private async newestFirst(
    condition: Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues' | 'ConsistentRead'>,
    limit: number | undefined,
  ): Promise<AuditEntry[]> {
    if (limit !== undefined && limit <= 0) return [];
    const entries: AuditEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          ...condition,
          ScanIndexForward: false,
          ...(limit !== undefined && { Limit: limit - entries.length }),
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      entries.push(...(page.Items ?? []).map(fromAuditItem));
      start = page.LastEvaluatedKey;
    } while (start && (limit === undefined || entries.length < limit));
    return entries;
  }
}
