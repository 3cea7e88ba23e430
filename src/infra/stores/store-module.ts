import { Container } from 'inversify';
import { Config } from '../config/config';

/**
 * Binds one storage backend's adapters: TOKENS.HospitalRepository, HospitalIdAllocator,
 * StaffIdAllocator, StaffDirectory and AuditLog. Resolves to a closer that releases what the
 * module started (connections, a DynamoDB Local process); app.close() calls it. Runs after the
 * core's bindings, whose TOKENS.Log, TOKENS.Metrics and TOKENS.InstrumentAwsClient it may use.
 */
export type StoreModule = (container: Container, config: Config) => Promise<() => Promise<void>>;
