import { LegacyHospitalApi } from '../../adapters/legacy/legacy-hospital-api';
import { LegacyHospitalRepository } from '../../adapters/legacy/legacy-hospital-repository';
import { LegacyHttpClient } from '../../adapters/legacy/legacy-http-client';
import { LegacyReadCache } from '../../adapters/legacy/legacy-read-cache';
import { InMemoryAuditLog } from '../../adapters/memory/in-memory-audit-log';
import { InMemoryIdAllocator } from '../../adapters/memory/in-memory-id-allocator';
import { InMemoryStaffDirectory } from '../../adapters/memory/in-memory-staff-directory';
import { TOKENS } from '../tokens';
import { StoreModule } from './store-module';

/**
 * HOSP_STORE=legacy: hospitals live in legacy HOSP (HOSP_LEGACY_URL, HOSP_LEGACY_AUTH),
 * reached through the resilient client and read cache. Legacy has no staff directory or
 * audit trail of hosp's kind, so staff, staff ids and audit entries are kept in process
 * memory here (lost on restart; fine for development and for the simulator). The hospital id
 * allocator only numbers drafts: legacy assigns the real ids.
 */
export const legacyStore: StoreModule = async (container, config) => {
  const { url, credentials } = config.legacy;
  if (!url || !credentials) throw new Error('HOSP_STORE=legacy needs HOSP_LEGACY_URL and HOSP_LEGACY_AUTH.');
  const client = new LegacyHttpClient({ ...config.legacy.client, baseUrl: url, credentials });
  const api = new LegacyHospitalApi(client, new LegacyReadCache(config.legacy.cache));
  const audit = new InMemoryAuditLog();
  container.bind(TOKENS.LegacyClient).toConstantValue(client);
  container.bind(TOKENS.LegacyHospitalApi).toConstantValue(api);
  container.bind(TOKENS.AuditLog).toConstantValue(audit);
  container.bind(TOKENS.HospitalRepository).toConstantValue(new LegacyHospitalRepository(api, audit));
  container.bind(TOKENS.HospitalIdAllocator).toConstantValue(new InMemoryIdAllocator());
  container.bind(TOKENS.StaffIdAllocator).toConstantValue(new InMemoryIdAllocator());
  container.bind(TOKENS.StaffDirectory).toConstantValue(new InMemoryStaffDirectory());
  return async () => client.close();
};
