import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { alreadyExists, notFound } from '../../domain/errors';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { countLoginFailure, LockoutPolicy, StaffMember } from '../../domain/staff';
import { Timestamp } from '../../domain/timestamp';
import { setTimeout as sleep } from 'node:timers/promises';
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

const MAX_FAILURE_ATTEMPTS = 50;

/**
 * Staff members in DynamoDB, one item per normalised username. Login counters change only
 * through conditional writes, so concurrent logins never lose or double a failure.
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
   * Optimistic: read, apply `countLoginFailure`, write on condition that the counter and lock-out
   * are still what was read; on a lost race, read again. Every failure is counted exactly once
   * and the lock-out is set in the same write that reaches the limit.
   */
  async recordLoginFailure(usernameKey: string, at: Timestamp, policy: LockoutPolicy): Promise<StaffMember> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.findByUsername(usernameKey);
      if (!current) throw notFound('Staff member');
      const next = countLoginFailure(current, at, policy);
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: memberKey(usernameKey),
            UpdateExpression: next.lockedUntil === null ? 'SET failedLogins = :next REMOVE lockedUntil' : 'SET failedLogins = :next, lockedUntil = :lockedUntil',
            ConditionExpression:
              // An item written without a counter (older imports) reads as 0 and is counted too.
              `attribute_exists(pk) AND ${current.failedLogins === 0 ? '(attribute_not_exists(failedLogins) OR failedLogins = :seen)' : 'failedLogins = :seen'} AND ` +
              (current.lockedUntil === null ? 'attribute_not_exists(lockedUntil)' : 'lockedUntil = :seenLock'),
            ExpressionAttributeValues: {
              ':next': next.failedLogins,
              ':seen': current.failedLogins,
              ...(next.lockedUntil !== null && { ':lockedUntil': next.lockedUntil }),
              ...(current.lockedUntil !== null && { ':seenLock': current.lockedUntil }),
            },
          }),
        );
        return next;
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException) || attempt >= MAX_FAILURE_ATTEMPTS) throw e;
        // Jitter spreads the racers out so that each round has few losers.
        await sleep(Math.random() * 4 * Math.min(attempt, 5));
      }
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
