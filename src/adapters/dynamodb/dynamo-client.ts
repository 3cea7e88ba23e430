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
  /** Longest wait for a TCP (and TLS) connection to DynamoDB, per attempt (ms). */
  readonly connectTimeoutMs: number;
  /**
   * Longest silence on an open connection, per attempt (ms): a DynamoDB that accepts and never
   * answers ends the attempt here and the SDK retries. Without it a call could hang until Lambda
   * kills the invocation.
   */
  readonly requestTimeoutMs: number;
  /** Static credentials, for DynamoDB Local, which accepts any; the default AWS chain when absent. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Adds instrumentation to an AWS SDK client before it is used (X-Ray tracing on Lambda). */
export type InstrumentAwsClient = (client: DynamoDBClient) => void;

/** Credentials DynamoDB Local accepts (letters and digits only); never valid against AWS. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'hosplocal', secretAccessKey: 'hosplocal' } as const;

/**
 * A document client with retries and per-attempt timeouts configured explicitly rather than
 * left to SDK defaults (which have no timeouts at all),
 * and with empty strings and undefined fields handled the same way by every adapter.
 */
export function createDocumentClient(options: DynamoClientOptions, instrument?: InstrumentAwsClient): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: options.maxAttempts,
    retryMode: options.retryMode,
    requestHandler: { connectionTimeout: options.connectTimeoutMs, requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true },
    ...(options.endpoint && { endpoint: options.endpoint }),
    ...(options.credentials && { credentials: { ...options.credentials } }),
  });
  // Before the document client is made from it: that one shares its middleware stack.
  instrument?.(client);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
