import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Bind } from 'inversify';
import { DEFAULT_FLEET_MEMBER_SHARE, DynamoFleetMemberShare } from '../../adapters/dynamodb/dynamo-fleet-member-share';
import { DynamoAuditLog } from '../../adapters/dynamodb/dynamo-audit-log';
import { DynamoHospitalBulkWriter } from '../../adapters/dynamodb/dynamo-hospital-bulk-writer';
import { DynamoHospitalRepository } from '../../adapters/dynamodb/dynamo-hospital-repository';
import { DynamoIdAllocator, HOSPITAL_ID_COUNTER, STAFF_ID_COUNTER } from '../../adapters/dynamodb/dynamo-id-allocator';
import { DynamoLoginAttempts } from '../../adapters/dynamodb/dynamo-login-attempts';
import { DynamoSharedReadCache } from '../../adapters/dynamodb/dynamo-shared-read-cache';
import { DynamoStaffDirectory } from '../../adapters/dynamodb/dynamo-staff-directory';
import { JsonLog } from '../../adapters/observability/json-log';
import { OperationalMetrics } from '../../adapters/observability/operational-metrics';
import { PowertoolsIdempotency } from '../../adapters/idempotency/powertools-idempotency';
import { DynamoDbConfig } from '../config/dynamodb-config';
import { TOKENS } from '../tokens';

/** What the shared adapters take from other sections of the configuration. */
export interface SharedStateSettings {
  /** HOSP_LOGIN_THROTTLE_KEY. */
  readonly throttleKey?: string;
  /** HOSP_GATEWAY_FLEET_MEMBER_CONCURRENCY. */
  readonly fleetMemberConcurrency: number;
}

/** Binds the DynamoDB adapters for both DynamoDB store modules (AWS/endpoint and embedded). */
export function bindDynamoAdapters(bind: Bind, client: DynamoDBDocumentClient, config: DynamoDbConfig, shared: SharedStateSettings): void {
  const { tables, idBlockSize } = config;
  const { throttleKey } = shared;
  const sizing = { maxBlockSize: config.idMaxBlockSize };
  bind(TOKENS.AuditLog).toConstantValue(new DynamoAuditLog(client, tables.audit));
  bind(TOKENS.HospitalRepository).toConstantValue(new DynamoHospitalRepository(client, tables.hospitals, tables.audit));
  bind(TOKENS.HospitalBulkStore).toConstantValue(new DynamoHospitalBulkWriter(client, tables.hospitals, tables.audit));
  bind(TOKENS.HospitalIdAllocator).toConstantValue(new DynamoIdAllocator(client, tables.counters, HOSPITAL_ID_COUNTER, idBlockSize, sizing));
  bind(TOKENS.StaffIdAllocator).toConstantValue(new DynamoIdAllocator(client, tables.counters, STAFF_ID_COUNTER, idBlockSize, sizing));
  bind(TOKENS.StaffDirectory).toConstantValue(new DynamoStaffDirectory(client, tables.staff));
  bind(TOKENS.LoginAttempts).toConstantValue(new DynamoLoginAttempts(client, tables.loginAttempts, throttleKey));
  bind(TOKENS.IdempotentRunner)
    .toResolvedValue(
      (log: JsonLog, metrics: OperationalMetrics) =>
        new PowertoolsIdempotency(new DynamoDBPersistenceLayer({ tableName: tables.idempotency, awsSdkV3Client: client }), log, undefined, metrics),
      [TOKENS.Log, TOKENS.Metrics],
    )
    .inSingletonScope();
  bind(TOKENS.SharedReadCache)
    .toResolvedValue((log: JsonLog) => new DynamoSharedReadCache(client, tables.legacyCache, log), [TOKENS.Log])
    .inSingletonScope();
  bind(TOKENS.FleetMemberShare)
    .toResolvedValue(
      (log: JsonLog) =>
        new DynamoFleetMemberShare(client, tables.memberShare, log, { ...DEFAULT_FLEET_MEMBER_SHARE, maxInFlight: shared.fleetMemberConcurrency }),
      [TOKENS.Log],
    )
    .inSingletonScope();
}
