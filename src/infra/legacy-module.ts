import { Container } from 'inversify';
import { IdempotentRunner } from '../adapters/idempotency/idempotent-runner';
import { LegacyHospitalApi } from '../adapters/legacy/legacy-hospital-api';
import { LegacyClientOptions, LegacyHttpClient } from '../adapters/legacy/legacy-http-client';
import { LegacyNoteApi } from '../adapters/legacy/legacy-note-api';
import { LegacyPatientApi } from '../adapters/legacy/legacy-patient-api';
import { LegacyReadCache, LegacyReadCacheOptions } from '../adapters/legacy/legacy-read-cache';
import { OperationalMetrics } from '../adapters/observability/operational-metrics';
import { SharedReadCache } from '../adapters/legacy/shared-read-cache';
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
 * connections. HOSP_STORE=legacy and the gateway both take them from here. Built on first
 * use, after the store module has bound what they share with the fleet: the Idempotency-Key
 * store and, where the store has one, the shared level of the read cache.
 */
export function bindLegacy(container: Container, config: Config, overrides: LegacyOverrides = {}): (() => void) | undefined {
  const { url, credentials } = config.legacy;
  if (!url || !credentials) return undefined;
  let client: LegacyHttpClient | undefined;
  container
    .bind(TOKENS.LegacyClient)
    .toResolvedValue(
      (idempotency: IdempotentRunner, metrics: OperationalMetrics) =>
        (client = new LegacyHttpClient({ ...config.legacy.client, idempotency, metrics, ...overrides.client, baseUrl: url, credentials })),
      [TOKENS.IdempotentRunner, TOKENS.Metrics],
    )
    .inSingletonScope();
  container
    .bind(TOKENS.LegacyReadCache)
    .toResolvedValue(
      (metrics: OperationalMetrics, shared: SharedReadCache | undefined) =>
        new LegacyReadCache({ ...config.legacy.cache, ...overrides.cache }, overrides.cacheClock, shared, metrics),
      [TOKENS.Metrics, { serviceIdentifier: TOKENS.SharedReadCache, optional: true }],
    )
    .inSingletonScope();
  container
    .bind(TOKENS.LegacyHospitalApi)
    .toResolvedValue((legacy: LegacyHttpClient, cache: LegacyReadCache) => new LegacyHospitalApi(legacy, cache), [TOKENS.LegacyClient, TOKENS.LegacyReadCache])
    .inSingletonScope();
  container
    .bind(TOKENS.LegacyPatientApi)
    .toResolvedValue((legacy: LegacyHttpClient, cache: LegacyReadCache) => new LegacyPatientApi(legacy, cache), [TOKENS.LegacyClient, TOKENS.LegacyReadCache])
    .inSingletonScope();
  container
    .bind(TOKENS.LegacyNoteApi)
    .toResolvedValue((legacy: LegacyHttpClient, patients: LegacyPatientApi) => new LegacyNoteApi(legacy, patients), [TOKENS.LegacyClient, TOKENS.LegacyPatientApi])
    .inSingletonScope();
  return () => client?.close();
}
