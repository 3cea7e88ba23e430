import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FleetMemberShare } from '../gateway/legacy-acl/fleet-member-share';
import type { JsonLog } from '../observability/json-log';

export interface DynamoFleetMemberShareOptions {
  /** Forwarded requests one member may have in flight at once, fleet-wide. */
  readonly maxInFlight: number;
  /**
   * Counts are kept per period of this length (ms): a count leaked by a container that died
   * mid-request is gone when its period ends. The price: around a period's end a member may
   * have up to twice `maxInFlight` in flight (the old period's and the new one's).
   */
  readonly periodMs: number;
  /**
   * How long a claim waits for one of the member's slots to free before it is refused: a
   * member with a burst is slowed to the share rather than turned away at once. Polled with
   * a growing, jittered pause (25 ms to 200 ms): one failed conditional write per poll.
   */
  readonly maxWaitMs: number;
}

export const DEFAULT_FLEET_MEMBER_SHARE: DynamoFleetMemberShareOptions = { maxInFlight: 8, periodMs: 60_000, maxWaitMs: 5_000 };

const FIRST_PAUSE_MS = 25;
const LONGEST_PAUSE_MS = 200;

/**
 * The fleet's per-member counts in DynamoDB (the `member-share` table): one item per member
 * and period, `inFlight` raised by a conditional `ADD` only while below the limit (one write
 * per claim) and lowered on release. A member at the limit waits (`maxWaitMs`) for a slot. Fails open, logged: the share protects legacy's
 * capacity between members, it is not access control, and a DynamoDB fault must not turn
 * into refused requests (the per-container share still applies).
 */
export class DynamoFleetMemberShare implements FleetMemberShare {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly log: JsonLog,
    private readonly options: DynamoFleetMemberShareOptions = DEFAULT_FLEET_MEMBER_SHARE,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!Number.isSafeInteger(options.maxInFlight) || options.maxInFlight < 1) throw new RangeError('maxInFlight must be a positive integer');
    if (!(options.maxWaitMs >= 0)) throw new RangeError('maxWaitMs must be zero or more');
  }

  async claim(staffId: number): Promise<(() => Promise<void>) | null> {
    const giveUpAt = this.now() + this.options.maxWaitMs;
    for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(LONGEST_PAUSE_MS, pause * 2)) {
      const slot = await this.tryClaim(staffId);
      if (slot !== 'full') return slot;
      const wait = Math.min(giveUpAt - this.now(), pause / 2 + Math.random() * (pause / 2));
      if (wait <= 0) return null;
      await this.sleep(wait);
    }
  }

  private async tryClaim(staffId: number): Promise<(() => Promise<void>) | 'full'> {
    const period = Math.floor(this.now() / this.options.periodMs);
    const key = { pk: `${staffId}#${period}` };
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'ADD inFlight :one SET expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(inFlight) OR inFlight < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': this.options.maxInFlight, ':expiresAt': Math.ceil(((period + 2) * this.options.periodMs) / 1000) },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'full';
      this.failed('claim', error);
      return async () => undefined;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: key,
            UpdateExpression: 'ADD inFlight :minusOne',
            ConditionExpression: 'inFlight > :zero',
            ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) this.failed('release', error);
      }
    };
  }

  private failed(operation: string, error: unknown): void {
    this.log({ level: 'warn', msg: `fleet member share: ${operation} failed; not counted`, error: { name: (error as Error | null)?.name, message: (error as Error | null)?.message } });
  }
}
