import { Container } from 'inversify';
import { Config } from '../config/config';

/**
 * Binds one storage backend's adapters: TOKENS.HospitalRepository, HospitalIdAllocator,
 * StaffIdAllocator, StaffDirectory and AuditLog. Resolves to a closer that releases what the
 * module started (connections, a DynamoDB Local process); app.close() calls it.
 */
export type StoreModule = (container: Container, config: Config) => Promise<() => Promise<void>>;
