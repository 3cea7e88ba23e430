import { DynamoTableNames, tableNamesWithPrefix } from '../../adapters/dynamodb/dynamo-table-names';
import { EnvReader } from './env-reader';

export const RETRY_MODES = ['adaptive', 'standard'] as const;
export type RetryMode = (typeof RETRY_MODES)[number];

/** How hosp talks to DynamoDB (AWS, a custom endpoint, or the embedded DynamoDB Local). */
export interface DynamoDbConfig {
  /** DYNAMODB_ENDPOINT: a custom endpoint (DynamoDB Local, LocalStack); AWS when absent. */
  readonly endpoint?: string;
  /** AWS_REGION / AWS_DEFAULT_REGION; DynamoDB Local accepts any region. */
  readonly region: string;
  readonly tables: DynamoTableNames;
  /** HOSP_ID_BLOCK_SIZE: ids reserved per counter write (see docs/dynamodb.md). */
  readonly idBlockSize: number;
  /** HOSP_ID_MAX_BLOCK_SIZE: the largest block the adaptive sizing grows to (at or below idBlockSize: fixed blocks). */
  readonly idMaxBlockSize: number;
  /** HOSP_DYNAMODB_MAX_ATTEMPTS: SDK attempts per call, first try included (throttling, 5xx). */
  readonly maxAttempts: number;
  /** HOSP_DYNAMODB_RETRY_MODE: `adaptive` also slows the client down while throttled. */
  readonly retryMode: RetryMode;
  /** HOSP_DYNAMODB_CONNECT_TIMEOUT_MS: per attempt, to open a connection. */
  readonly connectTimeoutMs: number;
  /** HOSP_DYNAMODB_REQUEST_TIMEOUT_MS: per attempt, silence on an open connection before it is given up. */
  readonly requestTimeoutMs: number;
  /** HOSP_DYNAMODB_CREATE_TABLES: create missing tables at start (HOSP_STORE=dynamodb only). */
  readonly createTables: boolean;
  /** HOSP_JAVA: the java executable used to run the embedded DynamoDB Local. */
  readonly javaCommand: string;
}

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

function tableNames(env: EnvReader): DynamoTableNames {
  const prefix = env.string('HOSP_TABLE_PREFIX', 'hosp-');
  const defaults = tableNamesWithPrefix(prefix);
  const pick = (variable: string, fallback: string): string => {
    const name = env.string(variable, fallback);
    if (!TABLE_NAME.test(name)) {
      env.problem(variable, `must be 3 to 255 letters, digits, "_", "-" or "." (got "${name}"; check HOSP_TABLE_PREFIX)`);
    }
    return name;
  };
  return {
    hospitals: pick('HOSP_HOSPITALS_TABLE', defaults.hospitals),
    counters: pick('HOSP_COUNTERS_TABLE', defaults.counters),
    staff: pick('HOSP_STAFF_TABLE', defaults.staff),
    audit: pick('HOSP_AUDIT_TABLE', defaults.audit),
    loginAttempts: pick('HOSP_LOGIN_ATTEMPTS_TABLE', defaults.loginAttempts),
    idempotency: pick('HOSP_IDEMPOTENCY_TABLE', defaults.idempotency),
    legacyCache: pick('HOSP_LEGACY_CACHE_TABLE', defaults.legacyCache),
    memberShare: pick('HOSP_MEMBER_SHARE_TABLE', defaults.memberShare),
  };
}

export function readDynamoDbConfig(env: EnvReader): DynamoDbConfig {
  const endpoint = env.url('DYNAMODB_ENDPOINT');
  return {
    ...(endpoint && { endpoint: endpoint.toString() }),
    region: env.optional('AWS_REGION') ?? env.string('AWS_DEFAULT_REGION', 'us-east-1'),
    tables: tableNames(env),
    idBlockSize: env.integer('HOSP_ID_BLOCK_SIZE', 20, 1, 100_000),
    idMaxBlockSize: env.integer('HOSP_ID_MAX_BLOCK_SIZE', 1000, 1, 100_000),
    // Worst case of one call against a DynamoDB that never answers: 4 attempts of 2 s plus the
    // SDK's backoff, about 9 s: inside the 15 s and 28 s function timeouts, and the request
    // deadline (src/adapters/http/request-deadline.ts) answers before Lambda would kill it.
    maxAttempts: env.integer('HOSP_DYNAMODB_MAX_ATTEMPTS', 4, 1, 20),
    retryMode: env.oneOf('HOSP_DYNAMODB_RETRY_MODE', RETRY_MODES, 'adaptive'),
    connectTimeoutMs: env.integer('HOSP_DYNAMODB_CONNECT_TIMEOUT_MS', 1_000, 50, 60_000),
    requestTimeoutMs: env.integer('HOSP_DYNAMODB_REQUEST_TIMEOUT_MS', 2_000, 50, 60_000),
    createTables: env.boolean('HOSP_DYNAMODB_CREATE_TABLES', false),
    javaCommand: env.string('HOSP_JAVA', 'java'),
  };
}
