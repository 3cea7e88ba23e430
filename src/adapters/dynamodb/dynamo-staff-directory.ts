import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { alreadyExists, notFound } from '../../domain/errors';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { LockoutPolicy, StaffMember } from '../../domain/staff';
import { Timestamp, toTimestamp } from '../../domain/timestamp';
import { singleConditionFailure, transactionConditionFailures } from './condition-failure';
import { transactWrite } from './transact-write';

const memberKey = (usernameKey: string) => ({ pk: `USER#${usernameKey}` });
/** A marker item per staff id, written in the same transaction as the member, keeps ids unique. */
const staffIdKey = (staffId: number) => ({ pk: `STAFFID#${staffId}` });

/** Only hashes are stored; `lockedUntil` is absent (not null) when there is no lock-out. */
function toMember(item: Record<string, unknown>): StaffMember {
  return {
    staffId: Number(item.staffId),
    username: String(item.username),
    usernameKey: String(item.usernameKey),
    passwordHash: String(item.passwordHash),
    active: item.active === true,
    failedLogins: Number(item.failedLogins ?? 0),
    lockedUntil: typeof item.lockedUntil === 'string' ? item.lockedUntil : null,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}

/**
 * Staff members in DynamoDB, one item per normalised username. Login counters change only
 * through atomic or conditional updates, so concurrent logins never lose or double a failure.
 */
export class DynamoStaffDirectory implements StaffDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findByUsername(usernameKey: string): Promise<StaffMember | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: memberKey(usernameKey), ConsistentRead: true }),
    );
    return Item ? toMember(Item) : null;
  }

  async add(member: StaffMember): Promise<void> {
    const { lockedUntil, ...rest } = member;
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...memberKey(member.usernameKey), ...rest, ...(lockedUntil !== null && { lockedUntil }) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: { ...staffIdKey(member.staffId), usernameKey: member.usernameKey },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      });
    } catch (e) {
      if (transactionConditionFailures(e)?.some(Boolean)) throw alreadyExists('Staff member');
      throw e;
    }
  }

  async saveCredentials(member: StaffMember): Promise<void> {
    await this.updateExisting(member.usernameKey, {
      UpdateExpression: 'SET passwordHash = :hash, active = :active, updatedAt = :updatedAt',
      ExpressionAttributeValues: { ':hash': member.passwordHash, ':active': member.active, ':updatedAt': member.updatedAt },
    });
  }

  /**
   * Counts with an atomic `ADD`, so any number of concurrent failures are each counted once
   * without read-modify-write retries. Three small steps, each atomic on its own:
   * 1. if a lock-out has expired, the first failure after it restarts the count at 1;
   * 2. otherwise the count goes up by one;
   * 3. the write that takes the count to the limit with no lock in force sets the lock-out
   *    (conditional, so concurrent failures set it once).
   */
  async recordLoginFailure(usernameKey: string, at: Timestamp, policy: LockoutPolicy): Promise<StaffMember> {
    const counted = (await this.restartExpiredCount(usernameKey, at)) ?? (await this.addFailure(usernameKey));
    if (counted.failedLogins < policy.maxFailures || counted.lockedUntil !== null) return counted;
    const lockedUntil = toTimestamp(new Date(Date.parse(at) + policy.lockoutMs));
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: memberKey(usernameKey),
          UpdateExpression: 'SET lockedUntil = :lockedUntil',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(lockedUntil)',
          ExpressionAttributeValues: { ':lockedUntil': lockedUntil },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toMember(Attributes!);
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      // A concurrent failure set the lock-out first.
      return (await this.findByUsername(usernameKey)) ?? counted;
    }
  }

  /** Step 1: restarts the count at 1 when a lock-out has expired; undefined when none has. */
  private async restartExpiredCount(usernameKey: string, at: Timestamp): Promise<StaffMember | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: memberKey(usernameKey),
          UpdateExpression: 'SET failedLogins = :one REMOVE lockedUntil',
          ConditionExpression: 'attribute_exists(pk) AND lockedUntil <= :at',
          ExpressionAttributeValues: { ':one': 1, ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toMember(Attributes!);
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return undefined;
      throw e;
    }
  }

  /** Step 2: one more failure, atomically; an item stored without a counter counts from 0. */
  private async addFailure(usernameKey: string): Promise<StaffMember> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: memberKey(usernameKey),
          UpdateExpression: 'ADD failedLogins :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toMember(Attributes!);
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw notFound('Staff member');
      throw e;
    }
  }

  /** Resets the counter; removes the lock-out only if it has expired (a lock in force stays). */
  async recordLoginSuccess(usernameKey: string, at: Timestamp): Promise<void> {
    try {
      await this.updateExisting(usernameKey, {
        UpdateExpression: 'SET failedLogins = :zero REMOVE lockedUntil',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :at)',
        ExpressionAttributeValues: { ':zero': 0, ':at': at },
      });
    } catch (e) {
      if (!isConditionOnLockFailed(e)) throw e;
      await this.updateExisting(usernameKey, {
        UpdateExpression: 'SET failedLogins = :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      });
    }
  }

  /** A Scan that stops at the first item: constant cost whatever the table size. */
  async isEmpty(): Promise<boolean> {
    const { Items } = await this.client.send(
      new ScanCommand({ TableName: this.tableName, Limit: 1, ProjectionExpression: 'pk', ConsistentRead: true }),
    );
    return (Items ?? []).length === 0;
  }

  /** An update of an existing member; NOT_FOUND when there is none. */
  private async updateExisting(
    usernameKey: string,
    update: { UpdateExpression: string; ConditionExpression?: string; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: memberKey(usernameKey),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ...update,
        }),
      );
    } catch (e) {
      if (singleConditionFailure(e)?.old === null) throw notFound('Staff member');
      throw e;
    }
  }
}

/** The member exists but its lock-out is still in force. */
const isConditionOnLockFailed = (e: unknown): boolean => {
  const failure = singleConditionFailure(e);
  return failure !== undefined && failure.old !== null;
};
