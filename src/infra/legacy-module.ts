import { Container } from 'inversify';
import { LegacyHospitalApi } from '../adapters/legacy/legacy-hospital-api';
import { LegacyClientOptions, LegacyHttpClient } from '../adapters/legacy/legacy-http-client';
import { LegacyNoteApi } from '../adapters/legacy/legacy-note-api';
import { LegacyPatientApi } from '../adapters/legacy/legacy-patient-api';
import { LegacyReadCache, LegacyReadCacheOptions } from '../adapters/legacy/legacy-read-cache';
import { Config } from './config/config';
import { TOKENS } from './tokens';

/** Test overrides of the legacy client and cache settings (scaled-down timeouts, a controllable cache clock). */
export interface LegacyOverrides {
  readonly client?: Partial<LegacyClientOptions>;
  readonly cache?: Partial<LegacyReadCacheOptions>;
  /** Time source (ms) of the read cache. */
  readonly cacheClock?: () => number;
}

/**
 * Legacy HOSP, once per process: one resilient client (one circuit breaker, retry budget and
 * connection pool), one read cache, and the resources that own legacy's hospitals, patients
 * and notes. Bound only when HOSP_LEGACY_URL is set; returns how to release the client's
 * connections. HOSP_STORE=legacy and the gateway both take them from here.
 */
export function bindLegacy(container: Container, config: Config, overrides: LegacyOverrides = {}): (() => void) | undefined {
  const { url, credentials } = config.legacy;
  if (!url || !credentials) return undefined;
  const client = new LegacyHttpClient({ ...config.legacy.client, ...overrides.client, baseUrl: url, credentials });
  const cache = new LegacyReadCache({ ...config.legacy.cache, ...overrides.cache }, overrides.cacheClock);
  const patients = new LegacyPatientApi(client, cache);
  container.bind(TOKENS.LegacyClient).toConstantValue(client);
  container.bind(TOKENS.LegacyReadCache).toConstantValue(cache);
  container.bind(TOKENS.LegacyHospitalApi).toConstantValue(new LegacyHospitalApi(client, cache));
  container.bind(TOKENS.LegacyPatientApi).toConstantValue(patients);
  container.bind(TOKENS.LegacyNoteApi).toConstantValue(new LegacyNoteApi(client, patients));
  return () => client.close();
}
