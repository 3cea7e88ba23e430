import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { alreadyExists, notFound } from '../../domain/errors';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { legacyStaffIdTaken, LockoutPolicy, roleOf, StaffMember, StaffRole } from '../../domain/staff';
import { Timestamp, toTimestamp } from '../../domain/timestamp';
import { singleConditionFailure, transactionConditionFailures } from './condition-failure';
import { transactWrite } from './transact-write';

const MEMBER_PREFIX = 'USER#';
const memberKey = (usernameKey: string) => ({ pk: `${MEMBER_PREFIX}${usernameKey}` });
/** A marker item per staff id, written in the same transaction as the member, keeps ids unique. */
const staffIdKey = (staffId: number) => ({ pk: `STAFFID#${staffId}` });
/** A marker item per linked legacy staff id, changed in the same transaction as the member, keeps legacy ids unique. */
const legacyIdKey = (legacyStaffId: number) => ({ pk: `LEGACYID#${legacyStaffId}` });

/** Times a link re-reads the member after another change to its legacy id got in between. */
const MAX_LINK_ATTEMPTS = 5;

/**
 * Only hashes are stored; `lockedUntil` and `legacyStaffId` are absent (not null) when
 * unset. Items stored before roles existed have no `role`: `roleOf` decides theirs.
 */
function toMember(item: Record<string, unknown>): StaffMember {
  const usernameKey = String(item.usernameKey);
  return {
    staffId: Number(item.staffId),
    username: String(item.username),
    usernameKey,
    passwordHash: String(item.passwordHash),
    active: item.active === true,
    role: roleOf(item.role, usernameKey),
    legacyStaffId: item.legacyStaffId === undefined || item.legacyStaffId === null ? null : Number(item.legacyStaffId),
    failedLogins: Number(item.failedLogins ?? 0),
    lockedUntil: typeof item.lockedUntil === 'string' ? item.lockedUntil : null,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}

/**
 * Staff members in DynamoDB, one item per normalised username, with marker items that keep
 * staff ids and legacy staff ids unique. Login counters change only through atomic or
 * conditional updates, so concurrent logins never lose or double a failure.
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
    const { lockedUntil, legacyStaffId, ...rest } = member;
    const marker = (key: { pk: string }) => ({
      Put: {
        TableName: this.tableName,
        Item: { ...key, usernameKey: member.usernameKey },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...memberKey(member.usernameKey),
                ...rest,
                ...(lockedUntil !== null && { lockedUntil }),
                ...(legacyStaffId !== null && { legacyStaffId }),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          marker(staffIdKey(member.staffId)),
          ...(legacyStaffId !== null ? [marker(legacyIdKey(legacyStaffId))] : []),
        ],
      });
    } catch (e) {
      const failures = transactionConditionFailures(e);
      if (failures?.[0] || failures?.[1]) throw alreadyExists('Staff member');
      if (failures?.[2]) throw legacyStaffIdTaken();
      throw e;
    }
  }

  async setRole(usernameKey: string, role: StaffRole, at: Timestamp): Promise<StaffMember> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: memberKey(usernameKey),
          UpdateExpression: 'SET #role = :role, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: { ':role': role, ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toMember(Attributes!);
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw notFound('Staff member');
      throw e;
    }
  }

  /**
   * One TransactWriteItems: the member's update, conditional on the legacy id it was read
   * with; the delete of its old `LEGACYID#` marker; the put of the new one, conditional on
   * no other member holding it. When the member's legacy id changed between the read and
   * the write (a concurrent link), it is read again and the link retried.
   */
  async linkLegacyIdentity(usernameKey: string, legacyStaffId: number | null, at: Timestamp): Promise<StaffMember> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.findByUsername(usernameKey);
      if (!current) throw notFound('Staff member');
      const previous = current.legacyStaffId;
      if (previous === legacyStaffId) return current;
      const update =
        legacyStaffId === null ? 'SET updatedAt = :at REMOVE legacyStaffId' : 'SET legacyStaffId = :id, updatedAt = :at';
      const unchanged =
        previous === null ? 'attribute_exists(pk) AND attribute_not_exists(legacyStaffId)' : 'legacyStaffId = :previous';
      const ownMarker = {
        ConditionExpression: 'attribute_not_exists(pk) OR usernameKey = :key',
        ExpressionAttributeValues: { ':key': usernameKey },
      };
      try {
        await transactWrite(this.client, {
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: memberKey(usernameKey),
                UpdateExpression: update,
                ConditionExpression: unchanged,
                ExpressionAttributeValues: {
                  ':at': at,
                  ...(legacyStaffId !== null && { ':id': legacyStaffId }),
                  ...(previous !== null && { ':previous': previous }),
                },
              },
            },
            ...(previous !== null ? [{ Delete: { TableName: this.tableName, Key: legacyIdKey(previous), ...ownMarker } }] : []),
            ...(legacyStaffId !== null
              ? [{ Put: { TableName: this.tableName, Item: { ...legacyIdKey(legacyStaffId), usernameKey }, ...ownMarker } }]
              : []),
          ],
        });
        return { ...current, legacyStaffId, updatedAt: at };
      } catch (e) {
        const failures = transactionConditionFailures(e);
        // The new marker is the last action: another member holds the id.
        if (legacyStaffId !== null && failures?.at(-1)) throw legacyStaffIdTaken();
        if (failures?.[0] && attempt < MAX_LINK_ATTEMPTS) continue;
        throw e;
      }
    }
  }

  /** A paginated, strongly consistent Scan that keeps member items only (not the id markers). */
  async list(): Promise<StaffMember[]> {
    const members: StaffMember[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          FilterExpression: 'begins_with(pk, :member)',
          ExpressionAttributeValues: { ':member': MEMBER_PREFIX },
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      members.push(...(page.Items ?? []).map(toMember));
      start = page.LastEvaluatedKey;
    } while (start);
    return members;
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
