import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { FailureCount, LoginCounts, loginWaitMs, LoginThrottlePolicy } from '../../domain/login-throttle';
import { Admission, AdmittedAttempt, LoginAttempts } from '../../application/staff/ports/login-attempts';
import { LoginAttemptKeyer, LoginAttemptKeys } from '../shared/login-attempt-keys';

/** Tries of the count-or-restart step before giving up (each lost race means another process counted). */
const MAX_STEPS = 4;
/** Read-decide-claim rounds for one admission; each lost round means another attempt was admitted meanwhile. */
const MAX_ADMIT_ROUNDS = 6;
/** What a caller that kept losing those rounds is told to wait: the keys are under a burst. */
const CONTENDED_WAIT_MS = 1_000;
/** A claim that lost its race: the item no longer admits the attempt as it was read. */
const LOST = Symbol('lost');

/**
 * Login-attempt counts in DynamoDB, shared by every process: one item per key (`pk`, an HMAC
 * of the username key and/or address — never either in clear), holding `failures`,
 * `lastFailureAt` (ms) and `expiresAt` (epoch seconds, for DynamoDB's TTL to clean up).
 *
 * Admission reads the three counts, decides with `loginWaitMs`, and claims the attempt with a
 * conditional update of the (account, address) item and then of the address item, each
 * allowed only while the item still admits it: below its free failures, or exactly as it was
 * read. A claim that loses a race is undone and the round starts again with fresh counts, so
 * concurrent admissions from any number of processes are serialised by DynamoDB's per-item
 * conditions. Taking an attempt back puts back the item's previous latest failure when nothing
 * was counted since (docs/dynamodb.md). The account count only marks an account under attack:
 * it is counted once a password was found wrong, with a plain atomic add, best effort — never
 * written by a correct login, never a point of contention (or of failure) for the owner's.
 */
export class DynamoLoginAttempts implements LoginAttempts {
  private keyer?: Promise<LoginAttemptKeyer>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** HOSP_LOGIN_THROTTLE_KEY; unset: the table's own key (see `loginAttemptKey`), read on first use. */
    private readonly configuredKey?: string,
  ) {}

  async counts(usernameKey: string, address: string): Promise<LoginCounts> {
    return this.read(await this.keysOf(usernameKey, address));
  }

  async admit(usernameKey: string, address: string, now: number, policy: LoginThrottlePolicy): Promise<Admission> {
    const keys = await this.keysOf(usernameKey, address);
    for (let round = 0; round < MAX_ADMIT_ROUNDS; round++) {
      const { counts, checksRunning } = await this.readWithChecks(keys);
      const waitMs = loginWaitMs(counts, now, policy);
      if (waitMs > 0) return { admitted: false, waitMs, checksRunning };
      const pair = await this.claim(keys.accountAddress, counts.accountAddress, policy.accountAddress.freeFailures, now, policy.forgetAfterMs, true);
      if (pair !== LOST) {
        const onAddress = await this.claim(keys.address, counts.address, policy.address.freeFailures, now, policy.forgetAfterMs, false);
        if (onAddress !== LOST) {
          return { admitted: true, attempt: { usernameKey, address, at: now, previousFailureAt: { accountAddress: pair, address: onAddress } } };
        }
        await this.takeBack(keys.accountAddress, now, pair, true);
      }
      await jitteredPause(round);
    }
    return { admitted: false, waitMs: CONTENDED_WAIT_MS, checksRunning: true };
  }

  async failed(attempt: AdmittedAttempt, forgetAfterMs: number): Promise<void> {
    const keys = await this.keysOf(attempt.usernameKey, attempt.address);
    await Promise.all([bestEffort(() => this.countOne(keys.account, attempt.at, forgetAfterMs)), bestEffort(() => this.checkEnded(keys.accountAddress))]);
  }

  async succeeded(attempt: AdmittedAttempt): Promise<void> {
    const keys = await this.keysOf(attempt.usernameKey, attempt.address);
    await Promise.all([
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.accountAddress } })),
      this.takeBack(keys.address, attempt.at, attempt.previousFailureAt.address, false),
    ]);
  }

  async withdraw(attempt: AdmittedAttempt): Promise<void> {
    const keys = await this.keysOf(attempt.usernameKey, attempt.address);
    await Promise.all([
      this.takeBack(keys.accountAddress, attempt.at, attempt.previousFailureAt.accountAddress, true),
      this.takeBack(keys.address, attempt.at, attempt.previousFailureAt.address, false),
    ]);
  }

  /** One check fewer running on the pair (never below 0; gone with the item if it was deleted). */
  private async checkEnded(pk: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk },
          UpdateExpression: 'ADD checking :minusOne',
          ConditionExpression: 'checking > :zero',
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /** The counts, and whether the pair item says checks are running. */
  private async readWithChecks(keys: LoginAttemptKeys): Promise<{ counts: LoginCounts; checksRunning: boolean }> {
    const checking = new Map<string, number>();
    const counts = await this.read(keys, checking);
    return { counts, checksRunning: (checking.get(keys.accountAddress) ?? 0) > 0 };
  }

  /** One strongly consistent BatchGetItem for the three keys (one round trip on every login check). */
  private async read(keys: LoginAttemptKeys, checking?: Map<string, number>): Promise<LoginCounts> {
    const found = new Map<string, FailureCount>();
    let wanted: Array<{ pk: string }> = [{ pk: keys.accountAddress }, { pk: keys.address }, { pk: keys.account }];
    for (let round = 0; wanted.length > 0; round++) {
      if (round >= MAX_STEPS) {
        // The account count alone may go unread (a botnet on one name makes its item hot): it is best effort.
        if (wanted.every((key) => key.pk === keys.account)) break;
        throw new Error('DynamoDB kept leaving login attempt counts unprocessed');
      }
      const { Responses, UnprocessedKeys } = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: wanted, ConsistentRead: true } } }),
      );
      for (const item of Responses?.[this.tableName] ?? []) {
        const count = toCount(item);
        if (count) found.set(String(item.pk), count);
        if (typeof item.checking === 'number') checking?.set(String(item.pk), item.checking);
      }
      wanted = (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Array<{ pk: string }>;
    }
    return { accountAddress: found.get(keys.accountAddress) ?? null, address: found.get(keys.address) ?? null, account: found.get(keys.account) ?? null };
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

  /**
   * Counts one attempt on `pk` if the item still admits it: restarted at 1 when it was missing
   * or forgotten as read; otherwise one more, while it is live and below `freeFailures`, or
   * exactly as read (its wait had passed). Returns the item's latest failure before this one
   * (null when this attempt started the count), or LOST when the item changed so that this may
   * not hold.
   */
  private async claim(pk: string, seen: FailureCount | null, freeFailures: number, at: number, forgetAfterMs: number, startsCheck: boolean): Promise<number | null | typeof LOST> {
    const expires = Math.ceil((at + forgetAfterMs) / 1000);
    const cutoff = at - forgetAfterMs;
    const restart = seen === null || seen.lastFailureAt < cutoff;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk },
          ReturnValues: 'UPDATED_OLD',
          ...(restart
            ? {
                UpdateExpression: `SET failures = :one, lastFailureAt = :at, expiresAt = :expires${startsCheck ? ', checking = :one' : ''}`,
                ConditionExpression: 'attribute_not_exists(pk) OR lastFailureAt < :cutoff',
                ExpressionAttributeValues: { ':one': 1, ':at': at, ':expires': expires, ':cutoff': cutoff },
              }
            : {
                UpdateExpression: `ADD failures :one${startsCheck ? ', checking :one' : ''} SET lastFailureAt = :at, expiresAt = :expires`,
                ConditionExpression: 'lastFailureAt >= :cutoff AND (failures < :free OR (failures = :seen AND lastFailureAt = :seenAt))',
                ExpressionAttributeValues: { ':one': 1, ':at': at, ':expires': expires, ':cutoff': cutoff, ':free': freeFailures, ':seen': seen.failures, ':seenAt': seen.lastFailureAt },
              }),
        }),
      );
      const previous = Attributes?.lastFailureAt;
      return restart || typeof previous !== 'number' ? null : previous;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return LOST;
      throw e;
    }
  }

  /**
   * One attempt admitted at `at` fewer on `pk`, never below 0. When nothing was counted on the
   * key since, its latest failure goes back to `previousFailureAt` (the item is deleted when the
   * attempt had started it), so a success leaves no wait behind; otherwise only the number drops.
   */
  private async takeBack(pk: string, at: number, previousFailureAt: number | null, endsCheck: boolean): Promise<void> {
    const attempt = async (command: UpdateCommand | DeleteCommand): Promise<boolean> => {
      try {
        await this.client.send(command);
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    };
    const undone = previousFailureAt === null
      ? await attempt(new DeleteCommand({
          TableName: this.tableName,
          Key: { pk },
          ConditionExpression: 'lastFailureAt = :at AND failures = :one',
          ExpressionAttributeValues: { ':at': at, ':one': 1 },
        }))
      : await attempt(new UpdateCommand({
          TableName: this.tableName,
          Key: { pk },
          UpdateExpression: 'ADD failures :minusOne SET lastFailureAt = :previous',
          ConditionExpression: 'lastFailureAt = :at AND failures > :zero',
          ExpressionAttributeValues: { ':minusOne': -1, ':previous': previousFailureAt, ':at': at, ':zero': 0 },
        }));
    if (endsCheck && !(undone && previousFailureAt === null)) await this.checkEnded(pk);
    if (undone) return;
    await attempt(new UpdateCommand({
      TableName: this.tableName,
      Key: { pk },
      UpdateExpression: 'ADD failures :minusOne',
      ConditionExpression: 'failures > :zero',
      ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
    }));
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

/** A short random pause before another admission round, growing with the round, so racing processes spread out. */
/** DynamoDB's refusals under load, which the SDK has already retried. */
const THROTTLED = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

/**
 * Runs a write to the account count, whose only use is marking an account under attack: if a
 * botnet makes that one item hot enough for DynamoDB to throttle it, the failure is answered
 * without it rather than with a 500.
 */
async function bestEffort(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (e) {
    if (!THROTTLED.has((e as { name?: string } | null)?.name ?? '')) throw e;
  }
}

function jitteredPause(round: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** round));
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
