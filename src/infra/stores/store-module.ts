import { ContainerModule } from 'inversify';
import { InstrumentAwsClient } from '../../adapters/dynamodb/dynamo-client';
import { Config } from '../config/config';
import { Shutdown } from '../modules/shutdown';

/** What a store module needs to start before it binds: where to register its closer, how to instrument AWS clients. */
export interface StoreStart {
  readonly shutdown: Shutdown;
  readonly instrumentAwsClient: InstrumentAwsClient;
}

/**
 * One storage backend as a container module (loaded with `container.loadAsync`): starts what
 * the backend needs (a connection, DynamoDB Local), then binds TOKENS.HospitalRepository,
 * HospitalIdAllocator, StaffIdAllocator, StaffDirectory, AuditLog, LoginAttempts and
 * IdempotentRunner (and what the fleet shares, where the backend has it). What it started is
 * released on shutdown.
 */
export type StoreModule = (config: Config, start: StoreStart) => ContainerModule;
