import { AttributeValue, ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** Why one item of a write was refused, read from a DynamoDB error. */
export interface ConditionFailure {
  /** The item as it was when the condition failed (ReturnValuesOnConditionCheckFailure=ALL_OLD); null when absent. */
  readonly old: Record<string, unknown> | null;
}

const toItem = (item: Record<string, AttributeValue> | undefined): Record<string, unknown> | null =>
  item && Object.keys(item).length > 0 ? unmarshall(item) : null;

/**
 * The failed condition of a single-item write, or undefined if `error` is something else.
 * Errors are not unmarshalled by the document client, so the item is unmarshalled here.
 */
export function singleConditionFailure(error: unknown): ConditionFailure | undefined {
  if (!(error instanceof ConditionalCheckFailedException)) return undefined;
  return { old: toItem(error.Item) };
}

/**
 * For a cancelled transaction, the failed condition of each action by position (undefined
 * where that action's condition held); undefined if `error` is not a cancellation.
 */
export function transactionConditionFailures(error: unknown): (ConditionFailure | undefined)[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) =>
    reason.Code === 'ConditionalCheckFailed' ? { old: toItem(reason.Item) } : undefined,
  );
}
