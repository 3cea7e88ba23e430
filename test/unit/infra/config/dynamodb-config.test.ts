import { loadConfig } from '../../../../src/infra/config/config';
import { ConfigError } from '../../../../src/infra/config/config-error';

describe('the dynamodb config section', () => {
  it('defaults to hosp- tables, blocks of 20, adaptive retries, and per-attempt timeouts', () => {
    const { dynamodb } = loadConfig({});
    expect(dynamodb).toEqual({
      region: 'us-east-1',
      tables: {
        hospitals: 'hosp-hospitals', counters: 'hosp-counters', staff: 'hosp-staff', audit: 'hosp-audit', loginAttempts: 'hosp-login-attempts',
        idempotency: 'hosp-idempotency', legacyCache: 'hosp-legacy-cache', memberShare: 'hosp-member-share',
      },
      idBlockSize: 20,
      idMaxBlockSize: 1000,
      maxAttempts: 4,
      retryMode: 'adaptive',
      connectTimeoutMs: 1000,
      requestTimeoutMs: 2000,
      createTables: false,
      javaCommand: 'java',
    });
  });

  it('reads the endpoint, prefix, single-table overrides and tuning', () => {
    const { dynamodb } = loadConfig({
      DYNAMODB_ENDPOINT: 'http://localhost:8000',
      AWS_REGION: 'eu-west-1',
      HOSP_TABLE_PREFIX: 'prod.',
      HOSP_AUDIT_TABLE: 'audit-trail',
      HOSP_ID_BLOCK_SIZE: '100',
      HOSP_ID_MAX_BLOCK_SIZE: '5000',
      HOSP_DYNAMODB_RETRY_MODE: 'standard',
      HOSP_DYNAMODB_CREATE_TABLES: 'true',
      HOSP_DYNAMODB_CONNECT_TIMEOUT_MS: '300',
      HOSP_DYNAMODB_REQUEST_TIMEOUT_MS: '700',
      HOSP_IDEMPOTENCY_TABLE: 'keys',
    });
    expect(dynamodb).toMatchObject({
      endpoint: 'http://localhost:8000/',
      region: 'eu-west-1',
      tables: { hospitals: 'prod.hospitals', counters: 'prod.counters', staff: 'prod.staff', audit: 'audit-trail', idempotency: 'keys', legacyCache: 'prod.legacy-cache', memberShare: 'prod.member-share' },
      connectTimeoutMs: 300,
      requestTimeoutMs: 700,
      idBlockSize: 100,
      idMaxBlockSize: 5000,
      retryMode: 'standard',
      createTables: true,
    });
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ HOSP_TABLE_PREFIX: 'bad prefix ', HOSP_ID_BLOCK_SIZE: '0', HOSP_DYNAMODB_RETRY_MODE: 'legacy', DYNAMODB_ENDPOINT: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['HOSP_HOSPITALS_TABLE', 'HOSP_ID_BLOCK_SIZE', 'HOSP_DYNAMODB_RETRY_MODE', 'DYNAMODB_ENDPOINT']) {
      expect(problems).toContain(name);
    }
  });
});
