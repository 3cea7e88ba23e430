import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatBasicCredentials } from '../../../src/adapters/shared/basic-credentials';
import { v2Event } from '../../support/api-gateway-events';
import { captureLambdaOutput, LambdaOutput, OutputLine } from '../../support/lambda-output';

/**
 * What operators read on AWS: every Lambda entry point logs through Powertools Logger in hosp's
 * line shape (request id, Lambda request id, cold start, X-Ray trace id) and counts through
 * Powertools Metrics (one EMF document per invocation, namespace and `service` dimension from
 * the environment). Read here from the real handlers' stdout and stderr.
 */
describe('Lambda observability: EMF metrics and log lines of the real handlers', () => {
  const saved = { ...process.env };
  const TRACE_ROOT = '1-67891233-abcdef012345678912345678';
  let output: LambdaOutput;

  beforeEach(() => {
    Object.assign(process.env, {
      POWERTOOLS_SERVICE_NAME: 'hosp-test',
      POWERTOOLS_METRICS_NAMESPACE: 'HospTest',
      AWS_LAMBDA_FUNCTION_NAME: 'hosp-test-fn',
      // What Lambda sets for an on-demand container; Powertools reports cold starts only then.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      _X_AMZN_TRACE_ID: `Root=${TRACE_ROOT};Parent=53995c3f42cd8ad8;Sampled=1`,
      HOSP_PUBLIC_BASE_URL: 'https://api.hosp.example',
    });
    output = captureLambdaOutput();
  });
  afterEach(() => {
    output.restore();
    process.env = { ...saved };
  });

  type Api = (event: unknown, context: never) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;
  const load = (entry: 'hospitals' | 'gateway'): Api => {
    let handler: Api | undefined;
    jest.isolateModules(() => {
      handler = (require(`../../../src/infra/lambda/${entry}`) as { handler: Api }).handler;
    });
    return handler!;
  };
  const context = (awsRequestId: string) => ({ awsRequestId, functionName: 'hosp-test-fn', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:hosp-test-fn', memoryLimitInMB: '1024', getRemainingTimeInMillis: () => 15_000 }) as never;
  const actor = { staffId: 4, username: 'vet', role: 'admin', legacyStaffId: 7 };

  /** The EMF document of one invocation: what it counted, under which namespace and dimensions. */
  const emfOf = (lines: OutputLine[]): OutputLine => {
    const docs = lines.filter((line) => typeof line._aws === 'object' && !('ColdStart' in line));
    expect(docs).toHaveLength(1);
    return docs[0]!;
  };
  const directive = (doc: OutputLine) => (doc._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] }).CloudWatchMetrics[0]!;
  const requestLine = (requestId: string) => output.logs().find((line) => line.msg === 'http request' && line.requestId === requestId);

  it('a legacy read retried after a 503: LegacyRetries in that invocation EMF, and its request line with request, Lambda and trace ids', async () => {
    let calls = 0;
    const legacy: Server = createServer((req, res) => {
      calls++;
      req.resume();
      if (calls === 1) {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((resolve) => legacy.listen(0, '127.0.0.1', resolve));
    try {
      Object.assign(process.env, {
        HOSP_STORE: 'memory',
        HOSP_TRUST_AUTHORIZER: 'true',
        HOSP_LEGACY_URL: `http://127.0.0.1:${(legacy.address() as AddressInfo).port}`,
        HOSP_LEGACY_AUTH: 'legacy:legacy-password',
      });
      const handler = load('gateway');
      const first = await handler(v2Event({ method: 'GET', path: '/patients', requestId: 'req-retried', authorizerContext: actor }), context('aws-retried'));
      expect(first.statusCode).toBe(200);
      expect(calls).toBe(2);

      const invocation = output.lines;
      const doc = emfOf(invocation);
      const metrics = directive(doc);
      expect(metrics.Namespace).toBe('HospTest');
      expect(metrics.Dimensions).toEqual([['service']]);
      expect(doc.service).toBe('hosp-test');
      expect(metrics.Metrics).toEqual(expect.arrayContaining([{ Name: 'LegacyRetries', Unit: 'Count' }]));
      expect(doc.LegacyRetries).toBe(1);
      // The legacy read was not cached yet: a miss, never a hit.
      expect(doc.LegacyReadCacheMisses).toBeGreaterThanOrEqual(1);
      expect(doc).not.toHaveProperty('LegacyReadCacheHits');

      expect(requestLine('req-retried')).toMatchObject({
        level: 'info',
        status: 200,
        route: expect.any(String),
        staffId: 4,
        service: 'hosp-test',
        lambdaRequestId: 'aws-retried',
        coldStart: true,
        traceId: TRACE_ROOT,
        functionName: 'hosp-test-fn',
      });
      // The first invocation of a container is its cold start: Powertools counts it once.
      expect(output.emf().filter((line) => 'ColdStart' in line)).toHaveLength(1);

      output.lines.length = 0;
      const again = await handler(v2Event({ method: 'GET', path: '/patients', requestId: 'req-cached', authorizerContext: actor }), context('aws-cached'));
      expect(again.statusCode).toBe(200);
      expect(emfOf(output.lines).LegacyReadCacheHits).toBe(1);
      expect(requestLine('req-cached')).toMatchObject({ coldStart: false, lambdaRequestId: 'aws-cached' });
      expect(output.emf().filter((line) => 'ColdStart' in line)).toHaveLength(0);
    } finally {
      await new Promise((resolve) => legacy.close(resolve));
    }
  });

  it('a lock-out: LockOuts counted in the invocation that answered LOCKED_OUT, failed logins before it, no password anywhere', async () => {
    Object.assign(process.env, { HOSP_STORE: 'memory' });
    const handler = load('hospitals');
    const guess = (n: number) =>
      handler(
        v2Event({ method: 'GET', path: '/hospitals', requestId: `req-guess-${n}`, headers: { authorization: formatBasicCredentials({ username: 'nobody', password: `wrong password ${n}` }) } }),
        context(`aws-guess-${n}`),
      );
    // Three free failures, then each failure makes the next attempt wait (1 s, 2 s, 4 s…): an
    // attempt inside the wait is refused unchecked. On a slow machine a check may outlast a short
    // wait, so guess until refused (the waits double; 8 guesses are far more than enough).
    const statuses: number[] = [];
    for (let n = 1; n <= 8 && !statuses.includes(429); n++) statuses.push((await guess(n)).statusCode);
    const refused = statuses.length;
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses).toEqual([...Array<number>(refused - 1).fill(401), 429]);
    expect(requestLine(`req-guess-${refused}`)).toMatchObject({ status: 429, errorCode: 'LOCKED_OUT', lambdaRequestId: `aws-guess-${refused}`, traceId: TRACE_ROOT });
    const counted = output.metrics();
    expect(counted.get('LockOuts')).toEqual([1]);
    expect(counted.get('AuthenticationFailures')).toEqual(Array<number>(refused - 1).fill(1));
    expect(JSON.stringify(output.lines)).not.toContain('wrong password');
  });

  it('an idempotent replay: the repeated POST is answered from the store and counted as IdempotentReplays', async () => {
    Object.assign(process.env, { HOSP_STORE: 'memory', HOSP_TRUST_AUTHORIZER: 'true' });
    const handler = load('hospitals');
    const create = (requestId: string) =>
      handler(
        v2Event({
          method: 'POST',
          path: '/hospitals',
          requestId,
          headers: { 'content-type': 'application/json', 'idempotency-key': 'create-paws-0001' },
          body: JSON.stringify({ name: 'Paws' }),
          authorizerContext: actor,
        }),
        context(`aws-${requestId}`),
      );
    const first = await create('req-first');
    expect(first.statusCode).toBe(201);
    expect(output.metrics().get('IdempotentReplays')).toBeUndefined();
    output.lines.length = 0;

    const replay = await create('req-replay');
    expect(replay.statusCode).toBe(201);
    expect(JSON.parse(replay.body)).toEqual(JSON.parse(first.body));
    const doc = emfOf(output.lines);
    expect(doc.IdempotentReplays).toBe(1);
    expect(directive(doc).Metrics).toEqual(expect.arrayContaining([{ Name: 'IdempotentReplays', Unit: 'Count' }]));
    expect(requestLine('req-replay')).toMatchObject({ status: 201, lambdaRequestId: 'aws-req-replay', traceId: TRACE_ROOT, coldStart: false });
  });

  it('never logs the event, even with POWERTOOLS_LOGGER_LOG_EVENT=true: no password, origin secret or body in any line', async () => {
    const password = 'S3cret-Passw0rd-in-the-event';
    const originSecret = 'origin-secret-0123456789abcdef';
    Object.assign(process.env, { HOSP_STORE: 'memory', POWERTOOLS_LOGGER_LOG_EVENT: 'true', POWERTOOLS_LOG_LEVEL: 'DEBUG', HOSP_ORIGIN_SECRETS: originSecret });
    const handler = load('hospitals');
    const response = await handler(
      v2Event({
        method: 'POST',
        path: '/hospitals',
        requestId: 'req-event',
        headers: { authorization: formatBasicCredentials({ username: 'dr.smith', password }), 'x-origin-verify': originSecret, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Jane Doe Animal Clinic' }),
      }),
      context('aws-event'),
    );
    expect(response.statusCode).toBe(401);
    expect(requestLine('req-event')).toMatchObject({ status: 401 });
    const everything = JSON.stringify(output.lines);
    expect(output.logs().some((line) => line.msg === 'Lambda invocation event')).toBe(false);
    for (const secret of [password, Buffer.from(`dr.smith:${password}`).toString('base64'), originSecret, 'Jane Doe']) expect(everything).not.toContain(secret);
  });

  it('POWERTOOLS_LOG_LEVEL=WARN drops the info lines of answered requests (the level operators set in the template)', async () => {
    Object.assign(process.env, { HOSP_STORE: 'memory', POWERTOOLS_LOG_LEVEL: 'WARN' });
    const handler = load('hospitals');
    expect((await handler(v2Event({ method: 'GET', path: '/openapi.json', requestId: 'req-ok' }), context('aws-ok'))).statusCode).toBe(200);
    expect(requestLine('req-ok')).toBeUndefined();
    expect((await handler(v2Event({ method: 'GET', path: '/nowhere', requestId: 'req-404' }), context('aws-404'))).statusCode).toBe(404);
    expect(requestLine('req-404')).toBeUndefined();
    expect(output.logs().filter((line) => line.level === 'info' || line.level === 'debug')).toEqual([]);
  });
});
