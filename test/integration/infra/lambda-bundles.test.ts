import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoAuditLog } from '../../../src/adapters/dynamodb/dynamo-audit-log';
import { DynamoIdAllocator, STAFF_ID_COUNTER } from '../../../src/adapters/dynamodb/dynamo-id-allocator';
import { DynamoStaffDirectory } from '../../../src/adapters/dynamodb/dynamo-staff-directory';
import { ScryptPasswordHasher } from '../../../src/adapters/crypto/scrypt-password-hasher';
import { SystemClock } from '../../../src/adapters/time/system-clock';
import { RegisterStaff } from '../../../src/application/staff/register-staff';
import { SYSTEM_ACTOR } from '../../../src/domain/staff';
import { createTestTables, TestTables, testDynamoDbEndpoint } from '../../support/dynamodb';

// `npm run package` output, checked the way Lambda runs it: each bundle copied away from the
// repository (so nothing can be resolved from node_modules), loaded by a fresh Node process
// with only the environment a deployment would give it, answering real-shaped API Gateway
// HTTP API (payload v2) events.

const root = path.resolve(__dirname, '../../..');
const ORIGIN_SECRET = 'bundle-test-origin-secret-0123456789';

/** Runs in the child: loads the bundle, answers each event in order, writes the results to a file. */
const RUNNER = `
const { writeFileSync } = require('node:fs');
const { handler } = require(process.env.BUNDLE);
const events = JSON.parse(process.env.EVENTS);
const context = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678', functionName: 'hosp-test', functionVersion: '$LATEST',
  memoryLimitInMB: '1024', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 15000,
};
(async () => {
  const results = [];
  for (const event of events) results.push(await handler(event, context));
  writeFileSync(process.env.RESULTS, JSON.stringify(results));
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** An HTTP API payload v2 event shaped like the documented sample; `authorizer` is what a Lambda authorizer passed on. */
function httpApiEvent(method: string, rawPath: string, headers: Record<string, string> = {}, authorizer?: unknown) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { accept: 'application/json', host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'user-agent': 'bundle-test', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.10', userAgent: 'bundle-test' },
      requestId: `req-${method}-${rawPath}`,
      routeKey: '$default',
      stage: '$default',
      time: '02/Jul/2025:10:00:00 +0000',
      timeEpoch: 1751450400000,
      ...(authorizer !== undefined && { authorizer: { lambda: authorizer } }),
    },
    isBase64Encoded: false,
  };
}

/**
 * What API Gateway sends the authorizer (HTTP API, REQUEST, payload 2.0) for the same
 * request, shaped like the documented sample and captured events: `type`, `routeArn`, the
 * identity source's values, lower-cased headers, no body.
 */
function authorizerEvent(method: string, rawPath: string, headers: Record<string, string> = {}) {
  const { isBase64Encoded: _, ...request } = httpApiEvent(method, rawPath, headers);
  return {
    ...request,
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:eu-west-1:123456789012:abc123/$default/${method}${rawPath}`,
    identitySource: headers.authorization === undefined ? [] : [headers.authorization],
    cookies: [],
  };
}

interface AuthorizerResult {
  isAuthorized: boolean;
  context?: Record<string, unknown>;
}

interface LambdaResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

const header = (result: LambdaResult, name: string): string | undefined =>
  Object.entries(result.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/** The environment a memory-store run gets: everything a deployment sets, without AWS. */
const MEMORY_ENV = {
  HOSP_STORE: 'memory',
  HOSP_PUBLIC_BASE_URL: 'https://hosp.example',
  HOSP_ORIGIN_SECRETS: ORIGIN_SECRET,
  HOSP_ORIGIN_HEADER: 'x-origin-verify',
  HOSP_LEGACY_URL: 'http://127.0.0.1:9',
  HOSP_LEGACY_AUTH: 'service:legacy-password-1',
};

/** Answers `events` with the bundle in a fresh Node process, from a copy outside the repository. */
function invokeBundle<R = LambdaResult>(bundleDir: string, events: unknown[], env: Record<string, string> = MEMORY_ENV): R[] {
  const work = mkdtempSync(path.join(tmpdir(), 'hosp-bundle-run-'));
  try {
    cpSync(bundleDir, path.join(work, 'function'), { recursive: true });
    const results = path.join(work, 'results.json');
    execFileSync(process.execPath, ['-e', RUNNER], {
      cwd: work,
      timeout: 60_000,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        PATH: process.env.PATH,
        NODE_OPTIONS: '--enable-source-maps',
        AWS_REGION: 'eu-west-1',
        BUNDLE: path.join(work, 'function', 'index.js'),
        EVENTS: JSON.stringify(events),
        RESULTS: results,
        ...env,
      },
    });
    return JSON.parse(readFileSync(results, 'utf8')) as R[];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe('the Lambda bundles (npm run package)', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'hosp-bundles-'));
  let packagingOutput = '';
  let bundles: string[] = [];

  beforeAll(() => {
    packagingOutput = execFileSync(process.execPath, [path.join(root, 'scripts/package-lambdas.mjs'), '--outdir', outdir], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    bundles = readdirSync(outdir).sort();
  }, 150_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('bundles every entry point in src/infra/lambda, the hospitals API and the authorizer included, and prints sizes', () => {
    const entries = readdirSync(path.join(root, 'src/infra/lambda'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(bundles).toEqual(entries);
    expect(bundles).toEqual(expect.arrayContaining(['authorizer', 'hospitals']));
    for (const name of bundles) {
      expect(readdirSync(path.join(outdir, name)).sort()).toEqual(expect.arrayContaining(['index.js', 'index.js.map']));
      expect(packagingOutput).toMatch(new RegExp(`^${name}\\s.*index\\.js\\s+[\\d.]+ KiB`, 'm'));
    }
  });

  it('maps bundled code back to the TypeScript sources', () => {
    const map = JSON.parse(readFileSync(path.join(outdir, 'hospitals', 'index.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.some((s) => s.endsWith('src/infra/lambda/hospitals.ts'))).toBe(true);
  });

  it('keeps class names through minification', () => {
    expect(readFileSync(path.join(outdir, 'hospitals', 'index.js'), 'utf8')).toMatch(/"CreateHospital"/);
  });

  it('hospitals: serves the OpenAPI document and demands credentials, behind the origin check', () => {
    expect(existsSync(path.join(outdir, 'hospitals', 'index.js'))).toBe(true);
    const [withoutOrigin, openApi, anonymous] = invokeBundle(path.join(outdir, 'hospitals'), [
      httpApiEvent('GET', '/hospitals'),
      httpApiEvent('GET', '/openapi.json', { 'x-origin-verify': ORIGIN_SECRET }),
      httpApiEvent('GET', '/hospitals', { 'x-origin-verify': ORIGIN_SECRET }),
    ]);
    expect(withoutOrigin!.statusCode).toBe(403);
    expect(JSON.parse(withoutOrigin!.body!).error.code).toEqual(expect.any(String));

    expect(openApi!.statusCode).toBe(200);
    expect(JSON.parse(openApi!.body!).openapi).toMatch(/^3\.1/);
    // The CloudFront caching decision relies on these: the document may be shared, API answers never.
    expect(header(openApi!, 'cache-control')).toMatch(/\bpublic\b/);
    expect(header(anonymous!, 'cache-control')).toBe('no-store');

    expect(anonymous!.statusCode).toBe(401);
    expect(header(anonymous!, 'www-authenticate')).toMatch(/^Basic realm="hosp"/);
    expect(header(anonymous!, 'content-type')).toMatch(/^application\/json/);
  });

  it('authorizer: denies, in a fresh process, what did not come through the CDN or cannot be verified', () => {
    const vet = `Basic ${Buffer.from('vet:bundle-test-password-1').toString('base64')}`;
    const results = invokeBundle<AuthorizerResult>(path.join(outdir, 'authorizer'), [
      authorizerEvent('GET', '/hospitals', { authorization: vet }),
      authorizerEvent('GET', '/hospitals', { authorization: 'Bearer abc.def.ghi', 'x-origin-verify': ORIGIN_SECRET }),
      authorizerEvent('GET', '/hospitals', { authorization: vet, 'x-origin-verify': ORIGIN_SECRET }),
      { not: 'an authorizer event' },
    ]);
    // The memory store has no staff: nobody can be verified.
    expect(results).toEqual([{ isAuthorized: false }, { isAuthorized: false }, { isAuthorized: false }, { isAuthorized: false }]);
  });

  describe('with the DynamoDB store, as deployed (HOSP_STORE=dynamodb, the SDK bundled)', () => {
    let tables: TestTables;
    const password = 'bundle-test-password-1';

    beforeAll(async () => {
      tables = await createTestTables('bundle');
      const register = new RegisterStaff(
        new DynamoStaffDirectory(tables.client, tables.tables.staff),
        new DynamoIdAllocator(tables.client, tables.tables.counters, STAFF_ID_COUNTER, 1),
        new ScryptPasswordHasher(),
        new DynamoAuditLog(tables.client, tables.tables.audit),
        new SystemClock(),
      );
      await register.execute({ username: 'vet', password, role: 'admin' }, SYSTEM_ACTOR);
    });

    afterAll(() => tables.drop());

    const dynamoEnv = (): Record<string, string> => ({
      ...MEMORY_ENV,
      HOSP_STORE: 'dynamodb',
      DYNAMODB_ENDPOINT: testDynamoDbEndpoint(),
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      HOSP_HOSPITALS_TABLE: tables.tables.hospitals,
      HOSP_COUNTERS_TABLE: tables.tables.counters,
      HOSP_STAFF_TABLE: tables.tables.staff,
      HOSP_AUDIT_TABLE: tables.tables.audit,
      HOSP_LOGIN_ATTEMPTS_TABLE: tables.tables.loginAttempts,
    });

    it('authorizer → hospitals: the authorizer verifies against the staff table, and the hospitals bundle trusts its context', () => {
      const auth = { 'x-origin-verify': ORIGIN_SECRET, authorization: `Basic ${Buffer.from(`vet:${password}`).toString('base64')}` };
      const [allowed, wrong] = invokeBundle<AuthorizerResult>(
        path.join(outdir, 'authorizer'),
        [authorizerEvent('GET', '/hospitals', auth), authorizerEvent('GET', '/hospitals', { ...auth, authorization: 'Basic dmV0Ondyb25nLXBhc3N3b3JkLTE=' })],
        dynamoEnv(),
      );
      expect(allowed).toEqual({ isAuthorized: true, context: { staffId: expect.any(Number), username: 'vet', role: 'admin', legacyStaffId: 0 } });
      expect(wrong).toEqual({ isAuthorized: false });

      const [trusted, withoutContext] = invokeBundle(
        path.join(outdir, 'hospitals'),
        [httpApiEvent('GET', '/hospitals', auth, allowed!.context), httpApiEvent('GET', '/hospitals', auth)],
        { ...dynamoEnv(), HOSP_TRUST_AUTHORIZER: 'true' },
      );
      expect(trusted!.statusCode).toBe(200);
      expect(withoutContext!.statusCode).toBe(401);
    });

    it('hospitals: authenticates against the staff table and creates and lists hospitals', () => {
      const auth = { 'x-origin-verify': ORIGIN_SECRET, authorization: `Basic ${Buffer.from(`vet:${password}`).toString('base64')}` };
      const create = {
        ...httpApiEvent('POST', '/hospitals', { ...auth, 'content-type': 'application/json' }),
        body: JSON.stringify({ name: 'Bundled Hospital' }),
      };
      const [wrong, created, list] = invokeBundle(
        path.join(outdir, 'hospitals'),
        [httpApiEvent('GET', '/hospitals', { ...auth, authorization: 'Basic dmV0Ondyb25nLXBhc3N3b3JkLTE=' }), create, httpApiEvent('GET', '/hospitals', auth)],
        dynamoEnv(),
      );
      expect(wrong!.statusCode).toBe(401);
      expect(created!.statusCode).toBe(201);
      expect(list!.statusCode).toBe(200);
      expect(JSON.parse(list!.body!)).toEqual([expect.objectContaining({ name: 'Bundled Hospital', url: expect.stringMatching(/^https:\/\/hosp\.example\/hospitals\/\d+\.json$/) })]);
    });
  });

  it('every other API bundle (the gateway) refuses anonymous requests in its own fresh process', () => {
    for (const name of bundles.filter((b) => b !== 'hospitals' && b !== 'authorizer')) {
      const [anonymous] = invokeBundle(path.join(outdir, name), [
        httpApiEvent('GET', '/hospitals', { 'x-origin-verify': ORIGIN_SECRET }),
      ]);
      expect({ name, status: anonymous!.statusCode }).toEqual({ name, status: 401 });
    }
  });
});
