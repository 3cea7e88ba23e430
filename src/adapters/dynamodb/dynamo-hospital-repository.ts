import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { AuditEntry } from '../../domain/audit-entry';
import { alreadyExists, notFound, versionConflict } from '../../domain/errors';
import { Hospital, HospitalId } from '../../domain/hospital';
import { HospitalListOptions, HospitalPage, HospitalRepository } from '../../domain/ports/hospital-repository';
import { IdCursor } from '../shared/id-cursor';
import { auditWriteToken, toAuditItem } from './audit-item';
import { ConditionFailure, transactionConditionFailures } from './condition-failure';
import { HOSPITAL_PARTITION, hospitalKey, fromHospitalItem, toHospitalItem } from './hospital-item';
import { transactWrite } from './transact-write';

const cursors = new IdCursor('h:');

const isTransactionConflict = (e: unknown): boolean =>
  e instanceof TransactionCanceledException && (e.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');

/** Thrown when the audit side of a write was refused; the hospital write did not happen either. */
export class AuditConflictError extends Error {
  constructor() {
    super('The audit entry for this write already exists; the write was not applied.');
    this.name = 'AuditConflictError';
  }
}

/**
 * Hospitals in DynamoDB. Each write and its audit entry go in one TransactWriteItems, so
 * neither lands without the other; updates and deletes are conditional on the version.
 */
export class DynamoHospitalRepository implements HospitalRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly auditTableName: string,
  ) {}

  async get(id: HospitalId): Promise<Hospital | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: hospitalKey(id), ConsistentRead: true }),
    );
    return Item ? fromHospitalItem(Item) : null;
  }

  /**
   * A backwards Query over the single partition. DynamoDB stops a page at 1 MB, so this keeps
   * querying until it has one item more than asked for (which proves a next page exists) or
   * runs out.
   */
  async list(options: HospitalListOptions = {}): Promise<HospitalPage> {
    const after = options.cursor === undefined ? undefined : cursors.decode(options.cursor);
    const { limit } = options;
    if (limit !== undefined && limit <= 0) return { items: [] };
    const items: Hospital[] = [];
    let start: Record<string, unknown> | undefined = after === undefined ? undefined : hospitalKey(after);
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': HOSPITAL_PARTITION },
          ScanIndexForward: false,
          ConsistentRead: true,
          ...(limit !== undefined && { Limit: limit + 1 - items.length }),
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      items.push(...(page.Items ?? []).map(fromHospitalItem));
      start = page.LastEvaluatedKey;
    } while (start && (limit === undefined || items.length <= limit));
    if (limit === undefined || items.length <= limit) return { items };
    const shown = items.slice(0, limit);
    return { items: shown, nextCursor: cursors.encode(shown[shown.length - 1]!.id) };
  }

  async create(hospital: Hospital, audit: AuditEntry): Promise<Hospital> {
    const failures = await this.write(
      {
        Put: {
          TableName: this.tableName,
          Item: toHospitalItem(hospital),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      audit,
      'create',
    );
    if (failures?.[0]) throw alreadyExists('Hospital');
    return { ...hospital };
  }

  async update(next: Hospital, expectedVersion: number, audit: AuditEntry): Promise<void> {
    const failures = await this.write(
      {
        Put: {
          TableName: this.tableName,
          Item: toHospitalItem(next),
          ...this.versionCondition(expectedVersion),
        },
      },
      audit,
      'update',
    );
    this.throwIfVersionCheckFailed(failures?.[0]);
  }

  async delete(id: HospitalId, expectedVersion: number, audit: AuditEntry): Promise<void> {
    const failures = await this.write(
      { Delete: { TableName: this.tableName, Key: hospitalKey(id), ...this.versionCondition(expectedVersion) } },
      audit,
      'delete',
    );
    this.throwIfVersionCheckFailed(failures?.[0]);
  }

  private versionCondition(expectedVersion: number) {
    return {
      ConditionExpression: 'attribute_exists(pk) AND version = :expected',
      ExpressionAttributeValues: { ':expected': expectedVersion },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
  }

  /** The old item tells the two reasons apart: absent means NOT_FOUND, present means another version. */
  private throwIfVersionCheckFailed(failure: ConditionFailure | undefined): void {
    if (!failure) return;
    if (failure.old === null) throw notFound('Hospital');
    throw versionConflict('Hospital');
  }

  /**
   * Writes the hospital action and the audit entry in one transaction. Returns the condition
   * failures when DynamoDB refused the hospital side; throws for anything else.
   */
  private async write(
    hospitalAction: NonNullable<Parameters<typeof transactWrite>[1]['TransactItems']>[number],
    audit: AuditEntry,
    kind: string,
  ): Promise<(ConditionFailure | undefined)[] | undefined> {
    const auditItem = toAuditItem(audit);
    try {
      await transactWrite(
        this.client,
        {
          TransactItems: [
            hospitalAction,
            {
              Put: {
                TableName: this.auditTableName,
                Item: auditItem,
                ConditionExpression: 'attribute_not_exists(entity)',
              },
            },
          ],
        },
        // Tokens are account-wide, hence the table names.
        auditWriteToken([this.tableName, this.auditTableName], kind, [auditItem]),
      );
      return undefined;
    } catch (e) {
      const failures = transactionConditionFailures(e);
      if (!failures) throw e;
      if (failures[0]) return failures;
      if (failures[1]) throw new AuditConflictError();
      // Still cancelled by concurrent transactions on the same hospital after transactWrite's
      // retries: nothing was written, and fetching again and retrying is the right advice.
      if (kind !== 'create' && isTransactionConflict(e)) throw versionConflict('Hospital');
      throw e;
    }
  }
}
