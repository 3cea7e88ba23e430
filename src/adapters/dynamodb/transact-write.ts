import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';

const MAX_ATTEMPTS = 6;

/** True when DynamoDB cancelled the transaction only because another one held the same item. */
const isOnlyConflict = (e: unknown): boolean =>
  e instanceof TransactionCanceledException &&
  (e.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict') &&
  !(e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');

/**
 * Runs a TransactWriteItems, retrying (with jittered backoff) when it was cancelled by a
 * concurrent transaction on the same item. The SDK does not retry those cancellations; on
 * retry the conditions are checked again, so a lost race then fails with its real reason.
 * `token` makes SDK-level retries of one attempt idempotent (ClientRequestToken).
 */
export async function transactWrite(
  client: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  token?: string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const clientRequestToken = token && `${token.slice(0, 33)}-${attempt}`;
      await client.send(new TransactWriteCommand({ ...input, ...(clientRequestToken && { ClientRequestToken: clientRequestToken }) }));
      return;
    } catch (e) {
      if (attempt >= MAX_ATTEMPTS || !isOnlyConflict(e)) throw e;
      await sleep(Math.random() * 10 * 2 ** attempt);
    }
  }
}
