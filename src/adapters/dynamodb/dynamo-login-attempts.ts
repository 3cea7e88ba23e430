import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { FailureCount, LoginCounts } from '../../domain/login-throttle';
import { LoginAttempts } from '../../domain/ports/login-attempts';
import { LoginAttemptKeyer } from '../crypto/login-attempt-keys';

/** Tries of the count-or-restart step before giving up (each lost race means another process counted). */
const MAX_STEPS = 4;

/**
 * Failed-login counts in DynamoDB, shared by every process: one item per key (`pk`, an HMAC
 * of the username key and/or address — never either in clear), holding `failures`,
 * `lastFailureAt` (ms) and `expiresAt` (epoch seconds, for DynamoDB's TTL to clean up).
 * A failure is one atomic update per key: `ADD failures 1` while the count is live, or a
 * conditional restart at 1 once it has been forgotten, so concurrent failures from any number
 * of processes are each counted once.
 */
export class DynamoLoginAttempts implements LoginAttempts {
  private keyer?: Promise<LoginAttemptKeyer>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** HOSP_LOGIN_THROTTLE_KEY; unset: the table's own key (see `loginAttemptKey`), read on first use. */
    private readonly configuredKey?: string,
  ) {}

  /** One strongly consistent BatchGetItem for the three keys (one round trip on every login check). */
  async counts(usernameKey: string, address: string): Promise<LoginCounts> {
    const keys = await this.keysOf(usernameKey, address);
    const found = new Map<string, FailureCount>();
    let wanted: Array<{ pk: string }> = [{ pk: keys.accountAddress }, { pk: keys.address }, { pk: keys.account }];
    for (let round = 0; wanted.length > 0; round++) {
      if (round >= MAX_STEPS) throw new Error('DynamoDB kept leaving login attempt counts unprocessed');
      const { Responses, UnprocessedKeys } = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: wanted, ConsistentRead: true } } }),
      );
      for (const item of Responses?.[this.tableName] ?? []) {
        const count = toCount(item);
        if (count) found.set(String(item.pk), count);
      }
      wanted = (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Array<{ pk: string }>;
    }
    return { accountAddress: found.get(keys.accountAddress) ?? null, address: found.get(keys.address) ?? null, account: found.get(keys.account) ?? null };
  }

  async recordFailure(usernameKey: string, address: string, at: number, forgetAfterMs: number): Promise<void> {
    const keys = await this.keysOf(usernameKey, address);
    await Promise.all([keys.accountAddress, keys.address, keys.account].map((pk) => this.countOne(pk, at, forgetAfterMs)));
  }

  async recordSuccess(usernameKey: string, address: string): Promise<void> {
    const { accountAddress } = await this.keysOf(usernameKey, address);
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: accountAddress } }));
  }

  private async keysOf(usernameKey: string, address: string) {
    this.keyer ??= loginAttemptKey(this.client, this.tableName, this.configuredKey).then(
      (key) => new LoginAttemptKeyer(key),
      (error: unknown) => {
        this.keyer = undefined;
        throw error;
      },
    );
    return (await this.keyer).keys(usernameKey, address);
  }

  private async countOne(pk: string, at: number, forgetAfterMs: number): Promise<void> {
    const values = { ':one': 1, ':at': at, ':cutoff': at - forgetAfterMs, ':expires': Math.ceil((at + forgetAfterMs) / 1000) };
    for (let step = 0; step < MAX_STEPS; step++) {
      try {
        // A live count (or none yet): one more.
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk },
            UpdateExpression: 'ADD failures :one SET lastFailureAt = :at, expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(pk) OR lastFailureAt >= :cutoff',
            ExpressionAttributeValues: values,
          }),
        );
        return;
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
      try {
        // A forgotten count: restart at 1, unless another process just did (then count again).
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk },
            UpdateExpression: 'SET failures = :one, lastFailureAt = :at, expiresAt = :expires',
            ConditionExpression: 'lastFailureAt < :cutoff',
            ExpressionAttributeValues: values,
          }),
        );
        return;
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
    }
    throw new Error('login attempt count kept changing under concurrent updates');
  }
}

function toCount(item: Record<string, unknown>): FailureCount | null {
  if (typeof item.failures !== 'number' || typeof item.lastFailureAt !== 'number') return null;
  return { failures: item.failures, lastFailureAt: item.lastFailureAt };
}

/** The item that holds the table's own HMAC key when none is configured (see `loginAttemptKey`). */
const KEY_ITEM = { pk: 'CONFIG#login-attempt-key' };

/**
 * The HMAC key of the login-attempt counters: HOSP_LOGIN_THROTTLE_KEY when configured (on AWS,
 * from Secrets Manager, so reading the table alone reveals nothing). Without it, a random key
 * created once and kept in the table itself, so every process sharing the table agrees: names
 * and addresses are still never stored in clear, but someone who can read the whole table
 * could test guesses against the counters.
 */
export async function loginAttemptKey(client: DynamoDBDocumentClient, tableName: string, configured?: string): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  const read = async () =>
    (await client.send(new GetCommand({ TableName: tableName, Key: KEY_ITEM, ConsistentRead: true }))).Item?.secret as string | undefined;
  const existing = await read();
  if (existing) return Buffer.from(existing, 'base64');
  try {
    const secret = randomBytes(32).toString('base64');
    await client.send(new PutCommand({ TableName: tableName, Item: { ...KEY_ITEM, secret }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return Buffer.from(secret, 'base64');
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
    return Buffer.from((await read())!, 'base64');
  }
}
