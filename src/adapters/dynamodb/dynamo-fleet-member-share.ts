import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FleetMemberShare } from '../gateway/legacy-acl/fleet-member-share';
import type { JsonLog } from '../http/json-log';

export interface DynamoFleetMemberShareOptions {
  /** Forwarded requests one member may have in flight at once, fleet-wide. */
  readonly maxInFlight: number;
  /**
   * Counts are kept per period of this length (ms): a count leaked by a container that died
   * mid-request is gone when its period ends. The price: around a period's end a member may
   * have up to twice `maxInFlight` in flight (the old period's and the new one's).
   */
  readonly periodMs: number;
}

export const DEFAULT_FLEET_MEMBER_SHARE: DynamoFleetMemberShareOptions = { maxInFlight: 8, periodMs: 60_000 };

/**
 * The fleet's per-member counts in DynamoDB (the `member-share` table): one item per member
 * and period, `inFlight` raised by a conditional `ADD` only while below the limit (one write
 * per claim) and lowered on release. Fails open, logged: the share protects legacy's
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
  ) {
    if (!Number.isSafeInteger(options.maxInFlight) || options.maxInFlight < 1) throw new RangeError('maxInFlight must be a positive integer');
  }

  async claim(staffId: number): Promise<(() => Promise<void>) | null> {
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
      if (error instanceof ConditionalCheckFailedException) return null;
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
