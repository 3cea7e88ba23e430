import { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { DynamoTableNames } from './dynamo-table-names';

/**
 * The single description of hosp's DynamoDB tables, used by the embedded DynamoDB Local
 * start-up, the tests and the CloudFormation template. Key schema (see docs/dynamodb.md):
 *
 * - hospitals: `pk` (S, always "HOSPITAL") + `id` (N). One item collection sorted by id, so
 *   "newest id first, with a limit and a cursor" is a strongly consistent Query backwards.
 * - counters: `name` (S), attribute `value` (N). Id counters, one item per counter name.
 * - staff: `pk` (S): `USER#<usernameKey>` for members; `STAFFID#<id>` and
 *   `LEGACYID#<legacy staff id>` as uniqueness markers.
 * - audit: `entity` (S, `<type>#<id>`) + `sk` (S, `<at>#<digest>`); GSI `byActor`:
 *   `actorId` (N) + `sk`. Both sort newest first when queried backwards.
 * - login-attempts: `pk` (S): an HMAC per counted key, plus one `CONFIG#` item; TTL on
 *   `expiresAt` (set by CloudFormation; counts past it are ignored anyway).
 * - idempotency: `id` (S), Powertools Idempotency's layout (`status`, `expiration`,
 *   `in_progress_expiration`, `data`, `validation`); TTL on `expiration`.
 * - legacy-cache: `key` (S, a hash of principal and resource), `json` (S), `fetchedAt`,
 *   `invalidatedAt` (N, ms); TTL on `expiresAt` (s).
 * - member-share: `pk` (S, `<staff id>#<period>`), `inFlight` (N); TTL on `expiresAt` (s).
 */
export function tableDefinitions(names: DynamoTableNames): CreateTableCommandInput[] {
  return [
    {
      TableName: names.hospitals,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'id', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'id', KeyType: 'RANGE' },
      ],
    },
    {
      TableName: names.counters,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }],
    },
    {
      TableName: names.staff,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    },
    {
      TableName: names.audit,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'entity', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'actorId', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'entity', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byActor',
          KeySchema: [
            { AttributeName: 'actorId', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    {
      TableName: names.loginAttempts,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    },
    {
      TableName: names.idempotency,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    },
    {
      TableName: names.legacyCache,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
    },
    {
      TableName: names.memberShare,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    },
  ];
}

/** Name of the audit table's index by acting staff member. */
export const AUDIT_BY_ACTOR_INDEX = 'byActor';
