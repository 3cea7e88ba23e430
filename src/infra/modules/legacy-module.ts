import { ContainerModule } from 'inversify';
import { IdempotentRunner } from '../../adapters/idempotency/idempotent-runner';
import { LegacyHospitalApi } from '../../adapters/legacy/legacy-hospital-api';
import { LegacyClientOptions, LegacyHttpClient } from '../../adapters/legacy/legacy-http-client';
import { LegacyLoginCheck, legacyLoginCheckLimits } from '../../adapters/legacy/legacy-login-check';
import { LegacyNoteApi } from '../../adapters/legacy/legacy-note-api';
import { LegacyPatientApi } from '../../adapters/legacy/legacy-patient-api';
import { LegacyReadCache, LegacyReadCacheOptions } from '../../adapters/legacy/legacy-read-cache';
import { SharedReadCache } from '../../adapters/legacy/shared-read-cache';
import { OperationalMetrics } from '../../adapters/observability/operational-metrics';
import { Config } from '../config/config';
import { TOKENS } from '../tokens';
import { Shutdown } from './shutdown';

/** Test overrides of the legacy client and cache settings (scaled-down timeouts, a controllable cache clock). */
export interface LegacyOverrides {
  readonly client?: Partial<LegacyClientOptions>;
  readonly cache?: Partial<LegacyReadCacheOptions>;
  /** Time source (ms) of the read cache. */
  readonly cacheClock?: () => number;
}

/**
 * Legacy HOSP, once per process: one resilient client (one circuit breaker, retry budget and
 * connection pool), one read cache, the resources that own legacy's hospitals, patients and
 * notes, and the login check of lazy enrolment. Bound only when HOSP_LEGACY_URL is set; the
 * client's connections are released on shutdown. HOSP_STORE=legacy, the gateway and the
 * migrations all take them from here. Built on first use, after the store module has bound
 * what they share with the fleet: the Idempotency-Key store and, where the store has one,
 * the shared level of the read cache.
 */
export const legacyModule = (config: Config, overrides: LegacyOverrides, shutdown: Shutdown): ContainerModule =>
  new ContainerModule(({ bind }) => {
    const { url, credentials } = config.legacy;
    if (!url || !credentials) return;
    let client: LegacyHttpClient | undefined;
    shutdown.onClose(() => client?.close());
    bind(TOKENS.LegacyClient)
      .toResolvedValue(
        (idempotency: IdempotentRunner, metrics: OperationalMetrics) =>
          (client = new LegacyHttpClient({ ...config.legacy.client, idempotency, metrics, ...overrides.client, baseUrl: url, credentials })),
        [TOKENS.IdempotentRunner, TOKENS.Metrics],
      )
      .inSingletonScope();
    bind(TOKENS.LegacyReadCache)
      .toResolvedValue(
        (metrics: OperationalMetrics, shared: SharedReadCache | undefined) =>
          new LegacyReadCache({ ...config.legacy.cache, ...overrides.cache }, overrides.cacheClock, shared, metrics),
        [TOKENS.Metrics, { serviceIdentifier: TOKENS.SharedReadCache, optional: true }],
      )
      .inSingletonScope();
    bind(TOKENS.LegacyHospitalApi)
      .toResolvedValue((legacy: LegacyHttpClient, cache: LegacyReadCache) => new LegacyHospitalApi(legacy, cache), [TOKENS.LegacyClient, TOKENS.LegacyReadCache])
      .inSingletonScope();
    bind(TOKENS.LegacyPatientApi)
      .toResolvedValue((legacy: LegacyHttpClient, cache: LegacyReadCache) => new LegacyPatientApi(legacy, cache), [TOKENS.LegacyClient, TOKENS.LegacyReadCache])
      .inSingletonScope();
    bind(TOKENS.LegacyNoteApi)
      .toResolvedValue((legacy: LegacyHttpClient, patients: LegacyPatientApi) => new LegacyNoteApi(legacy, patients), [TOKENS.LegacyClient, TOKENS.LegacyPatientApi])
      .inSingletonScope();
    bind(TOKENS.LegacyCredentialCheck)
      .toResolvedValue((legacy: LegacyHttpClient) => new LegacyLoginCheck(legacy, legacyLoginCheckLimits(legacy.maxConcurrent)), [TOKENS.LegacyClient])
      .inSingletonScope();
  });
