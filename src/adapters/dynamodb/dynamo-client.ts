import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What a DynamoDB client needs; a subset of the `dynamodb` config section. */
export interface DynamoClientOptions {
  readonly endpoint?: string;
  readonly region: string;
  /** Attempts per call, first try included; the SDK retries throttling, 5xx and network errors. */
  readonly maxAttempts: number;
  /** `adaptive` adds client-side rate limiting while DynamoDB throttles; `standard` only backs off. */
  readonly retryMode: 'adaptive' | 'standard';
  /** Static credentials, for DynamoDB Local, which accepts any; the default AWS chain when absent. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Credentials DynamoDB Local accepts (letters and digits only); never valid against AWS. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'hosplocal', secretAccessKey: 'hosplocal' } as const;

/**
 * A document client with retries configured explicitly rather than left to SDK defaults,
 * and with empty strings and undefined fields handled the same way by every adapter.
 */
export function createDocumentClient(options: DynamoClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: options.maxAttempts,
    retryMode: options.retryMode,
    ...(options.endpoint && { endpoint: options.endpoint }),
    ...(options.credentials && { credentials: { ...options.credentials } }),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
