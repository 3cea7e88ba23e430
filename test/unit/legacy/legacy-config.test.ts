import { ConfigError } from '../../../src/infra/config/config-error';
import { EnvReader } from '../../../src/infra/config/env-reader';
import { readLegacyConfig } from '../../../src/infra/config/legacy-config';

const read = (env: Record<string, string>) => {
  const reader = new EnvReader(env);
  const config = readLegacyConfig(reader);
  reader.assertValid();
  return config;
};

describe('legacy configuration', () => {
  it('has safe defaults: 25 s deadline, 5 retries, 20 % budget, 120 s cache', () => {
    const config = read({ HOSP_LEGACY_URL: 'http://legacy:4000', HOSP_LEGACY_AUTH: 'svc:p:w' });
    expect(config).toMatchObject({
      url: 'http://legacy:4000/',
      credentials: { username: 'svc', password: 'p:w' },
      client: {
        deadlineMs: 25_000,
        maxRetries: 5,
        retryBudget: { ratio: 0.2 },
        breaker: { failureRatio: 0.9, windowSize: 100, minimumCalls: 20, halfOpenAfterMs: 10_000 },
      },
      cache: { ttlMs: 120_000 },
    });
  });

  it('requires the URL and credentials for HOSP_STORE=legacy, without echoing secrets', () => {
    expect(() => read({ HOSP_STORE: 'legacy' })).toThrow(ConfigError);
    let error: unknown;
    try {
      read({ HOSP_LEGACY_URL: 'http://legacy', HOSP_LEGACY_AUTH: 'no-colon-secret' });
    } catch (e) {
      error = e;
    }
    expect(String((error as Error).message)).toContain('HOSP_LEGACY_AUTH');
    expect(String((error as Error).message)).not.toContain('no-colon-secret');
  });

  it('reads the breaker threshold as a percentage, and refuses one low enough to trip on normal faults', () => {
    expect(read({ HOSP_LEGACY_BREAKER_FAILURE_PERCENT: '80' }).client.breaker.failureRatio).toBe(0.8);
    expect(() => read({ HOSP_LEGACY_BREAKER_FAILURE_PERCENT: '40' })).toThrow(/HOSP_LEGACY_BREAKER_FAILURE_PERCENT/);
  });

  it('refuses a deadline at or above API Gateway\'s limit and more than 5 retries', () => {
    expect(() => read({ HOSP_LEGACY_DEADLINE_MS: '29000' })).toThrow(/HOSP_LEGACY_DEADLINE_MS/);
    expect(() => read({ HOSP_LEGACY_MAX_RETRIES: '6' })).toThrow(/HOSP_LEGACY_MAX_RETRIES/);
  });
});
