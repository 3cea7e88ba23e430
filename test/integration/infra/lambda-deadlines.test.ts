import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { formatBasicCredentials } from '../../../src/adapters/shared/basic-credentials';
import { captureLambdaOutput } from '../../support/lambda-output';
import { v2AuthorizerEvent, v2Event } from '../../support/api-gateway-events';

/**
 * A DynamoDB that accepts connections and never answers: every request, authentication
 * included, must still end in a logged error-contract response before Lambda's timeout.
 */
describe('Lambda handlers against a DynamoDB that never answers', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let endpoint: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.resume(); // read the request, answer nothing
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  /** Loads an entry point afresh with `env`, capturing its log lines. */
  async function load<T>(entry: string, env: Record<string, string>): Promise<{ handler: T; lines: Record<string, unknown>[]; restore: () => void }> {
    Object.assign(process.env, {
      HOSP_STORE: 'dynamodb',
      DYNAMODB_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: 'hosplocal',
      AWS_SECRET_ACCESS_KEY: 'hosplocal',
      HOSP_PUBLIC_BASE_URL: 'https://api.hosp.example',
      ...env,
    });
    const output = captureLambdaOutput();
    let handler: T | undefined;
    jest.isolateModules(() => {
      handler = (require(entry) as { handler: T }).handler;
    });
    return { handler: handler!, lines: output.lines, restore: output.restore };
  }

  const lambdaContext = (remainingMs: number) => {
    const endsAt = Date.now() + remainingMs;
    return { awsRequestId: `aws-${remainingMs}`, getRemainingTimeInMillis: () => endsAt - Date.now() } as never;
  };
  const authorised = v2Event({
    method: 'GET',
    path: '/hospitals',
    headers: { authorization: formatBasicCredentials({ username: 'vet', password: 'a long enough password' }) },
  });

  type Api = (event: unknown, context: never) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

  it('answers 503 DEADLINE_EXCEEDED in the error contract, logged, before the invocation would be killed (authentication hanging)', async () => {
    // SDK timeouts far longer than the invocation: only the request deadline can answer in time.
    const { handler, lines, restore } = await load<Api>('../../../src/infra/lambda/hospitals', {
      HOSP_DYNAMODB_REQUEST_TIMEOUT_MS: '60000',
      HOSP_DYNAMODB_MAX_ATTEMPTS: '1',
    });
    try {
      const started = Date.now();
      const response = await handler(authorised, lambdaContext(2_000));
      const took = Date.now() - started;
      expect(took).toBeLessThan(2_000);
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      const body = JSON.parse(response.body) as { error: { code: string; requestId: string } };
      expect(body.error.code).toBe('DEADLINE_EXCEEDED');
      const logged = lines.find((line) => line.errorCode === 'DEADLINE_EXCEEDED');
      expect(logged).toMatchObject({ level: 'error', status: 503, requestId: body.error.requestId, stage: 'authentication' });
    } finally {
      restore();
    }
  });

  it('ends each DynamoDB attempt at HOSP_DYNAMODB_REQUEST_TIMEOUT_MS: a logged error-contract answer well inside the deadline', async () => {
    const { handler, lines, restore } = await load<Api>('../../../src/infra/lambda/hospitals', {
      HOSP_DYNAMODB_REQUEST_TIMEOUT_MS: '200',
      HOSP_DYNAMODB_MAX_ATTEMPTS: '2',
    });
    try {
      const response = await handler(authorised, lambdaContext(20_000));
      expect(response.statusCode).toBeGreaterThanOrEqual(500);
      const body = JSON.parse(response.body) as { error: { code: string } };
      expect(body.error.code).not.toBe('DEADLINE_EXCEEDED');
      expect(lines.some((line) => line.msg === 'http request' && line.status === response.statusCode)).toBe(true);
      expect(JSON.stringify(lines)).not.toContain('a long enough password');
    } finally {
      restore();
    }
  });

  it('the authorizer leaves a check still running near its deadline to the function, never a cached deny', async () => {
    const { handler, lines, restore } = await load<(event: unknown, context: never) => Promise<unknown>>('../../../src/infra/lambda/authorizer', {
      HOSP_DYNAMODB_REQUEST_TIMEOUT_MS: '60000',
      HOSP_DYNAMODB_MAX_ATTEMPTS: '1',
    });
    try {
      const event = v2AuthorizerEvent({
        method: 'GET',
        path: '/hospitals',
        headers: { authorization: formatBasicCredentials({ username: 'vet', password: 'a long enough password' }) },
      });
      const response = await handler(event, lambdaContext(1_500));
      expect(response).toEqual({ isAuthorized: true, context: expect.objectContaining({}) });
      expect(JSON.stringify(response)).not.toContain('staffId');
      expect(lines.find((line) => line.msg === 'authorizer decision')).toMatchObject({ decision: 'verify in function', reason: 'DEADLINE' });
    } finally {
      restore();
    }
  });
});

describe('Lambda handlers with a configuration that is not valid', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('logs one structured line at init and answers every invocation with the error contract 500', async () => {
    Object.assign(process.env, { HOSP_STORE: 'memory', HOSP_ORIGIN_SECRETS: 'too-short', HOSP_DYNAMODB_MAX_ATTEMPTS: 'many' });
    const output = captureLambdaOutput();
    const { lines } = output;
    try {
      let handler: ((event: unknown, context: never) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>) | undefined;
      jest.isolateModules(() => {
        handler = (require('../../../src/infra/lambda/gateway') as { handler: typeof handler }).handler;
      });
      const atInit = lines.filter((line) => line.level === 'error');
      expect(atInit).toHaveLength(1);
      expect(atInit[0]).toMatchObject({ msg: 'hosp cannot start: its configuration is not valid' });
      expect((atInit[0]!.problems as string[]).join('\n')).toMatch(/HOSP_ORIGIN_SECRETS[\s\S]*|HOSP_DYNAMODB_MAX_ATTEMPTS/);
      expect(atInit[0]!.problems).toHaveLength(2);
      for (const id of ['aws-a', 'aws-b']) {
        const response = await handler!(v2Event({ method: 'GET', path: '/hospitals' }), { awsRequestId: id } as never);
        expect(response.statusCode).toBe(500);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(JSON.parse(response.body)).toEqual({ error: { code: 'INTERNAL_ERROR', message: expect.any(String), requestId: id } });
        expect(lines.at(-1)).toMatchObject({ level: 'error', requestId: id, status: 500 });
      }
      // Logged once at init, once per invocation; the bad value never in a response.
      expect(lines.filter((line) => line.msg === 'hosp cannot start: its configuration is not valid')).toHaveLength(1);
    } finally {
      output.restore();
    }
  });
});
