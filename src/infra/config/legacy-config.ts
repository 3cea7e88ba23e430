import { LegacyCredentials } from '../../adapters/legacy/legacy-exchange';
import { DEFAULT_LEGACY_CLIENT, LegacyClientOptions } from '../../adapters/legacy/legacy-http-client';
import { DEFAULT_READ_CACHE, LegacyReadCacheOptions } from '../../adapters/legacy/legacy-read-cache';
import { EnvReader } from './env-reader';

/** How hosp reaches legacy HOSP and how hard it protects itself (see docs/legacy.md). */
export interface LegacyConfig {
  /** HOSP_LEGACY_URL; absent when hosp runs without legacy. */
  readonly url?: string;
  /** HOSP_LEGACY_AUTH (`user:password`): the service account. Never logged. */
  readonly credentials?: LegacyCredentials;
  readonly client: Omit<LegacyClientOptions, 'baseUrl' | 'credentials'>;
  readonly cache: LegacyReadCacheOptions;
}

function credentials(env: EnvReader): LegacyCredentials | undefined {
  const raw = env.optional('HOSP_LEGACY_AUTH');
  if (raw === undefined) return undefined;
  const colon = raw.indexOf(':');
  if (colon <= 0 || colon === raw.length - 1) {
    env.problem('HOSP_LEGACY_AUTH', 'must be "user:password" (value not shown)');
    return undefined;
  }
  return { username: raw.slice(0, colon), password: raw.slice(colon + 1) };
}

export function readLegacyConfig(env: EnvReader): LegacyConfig {
  const needed = env.optional('HOSP_STORE') === 'legacy';
  const url = env.url('HOSP_LEGACY_URL');
  const auth = credentials(env);
  if (needed && !url) env.required('HOSP_LEGACY_URL', 'when HOSP_STORE=legacy');
  if (url && !auth) env.required('HOSP_LEGACY_AUTH', 'when HOSP_LEGACY_URL is set');
  const d = DEFAULT_LEGACY_CLIENT;
  const deadlineMs = env.integer('HOSP_LEGACY_DEADLINE_MS', d.deadlineMs, 100, 28_000);
  return {
    ...(url && { url: url.toString() }),
    ...(auth && { credentials: auth }),
    client: {
      ...d,
      attemptTimeoutMs: env.integer('HOSP_LEGACY_ATTEMPT_TIMEOUT_MS', d.attemptTimeoutMs, 50, deadlineMs),
      deadlineMs,
      maxRetries: env.integer('HOSP_LEGACY_MAX_RETRIES', d.maxRetries, 0, 5),
      maxConcurrent: env.integer('HOSP_LEGACY_MAX_CONCURRENCY', d.maxConcurrent, 1, 1024),
      hedgeReads: env.boolean('HOSP_LEGACY_HEDGE_READS', true) ? d.hedgeReads : null,
      retryBudget: {
        ...d.retryBudget,
        ratio: env.integer('HOSP_LEGACY_RETRY_BUDGET_PERCENT', d.retryBudget.ratio * 100, 0, 100) / 100,
      },
      breaker: {
        ...d.breaker,
        failureRatio: env.integer('HOSP_LEGACY_BREAKER_FAILURE_PERCENT', d.breaker.failureRatio * 100, 50, 100) / 100,
        halfOpenAfterMs: env.integer('HOSP_LEGACY_BREAKER_OPEN_MS', d.breaker.halfOpenAfterMs, 100, 600_000),
      },
    },
    cache: {
      ...DEFAULT_READ_CACHE,
      ttlMs: env.integer('HOSP_LEGACY_CACHE_TTL_SECONDS', DEFAULT_READ_CACHE.ttlMs / 1000, 1, 86_400) * 1000,
      maxStaleMs: env.integer('HOSP_LEGACY_CACHE_MAX_STALE_SECONDS', DEFAULT_READ_CACHE.maxStaleMs / 1000, 0, 86_400) * 1000,
      sharedRecheckMs: env.integer('HOSP_LEGACY_CACHE_SHARED_RECHECK_SECONDS', DEFAULT_READ_CACHE.sharedRecheckMs / 1000, 1, 3_600) * 1000,
    },
  };
}
