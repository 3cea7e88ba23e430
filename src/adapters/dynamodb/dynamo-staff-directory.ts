import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { alreadyExists, notFound } from '../../domain/errors';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { legacyStaffIdTaken, roleOf, StaffMember, StaffRole } from '../../domain/staff';
import { Timestamp } from '../../domain/timestamp';
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
 * Only hashes are stored; `legacyStaffId` is absent (not null) when unset. Items stored
 * before roles existed have no `role`: `roleOf` decides theirs. (Items from before login
 * attempts were counted apart may still hold `failedLogins`/`lockedUntil`: ignored.)
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
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}

/**
 * Staff members in DynamoDB, one item per normalised username, with marker items that keep
 * staff ids and legacy staff ids unique.
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
    const { legacyStaffId, ...rest } = member;
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

