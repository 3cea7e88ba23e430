import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { LocalServer, startLocalServer } from '../../src/adapters/http/local-server';
import document from '../../src/adapters/http/openapi.json';
import { findFreePort } from '../../src/infra/dynamodb-local/free-port';
import { hospitalsApiFixture, STAFF_AUTH } from '../support/hospitals-api-fixture';
import { openApiProblems } from '../support/openapi-check';
import { RegisterStaff } from '../../src/application/staff/register-staff';
import { SYSTEM_ACTOR } from '../../src/domain/staff';
import { contractWalk, READER, WalkStep } from './contract-walk';

const PRISM = require.resolve('@stoplight/prism-cli/dist/index.js');

interface Violation {
  readonly location: readonly string[];
  readonly severity: string;
  readonly message: string;
}

/** Prism as a validating proxy (`prism proxy`) in front of `upstream`, on a free loopback port. */
async function startPrism(documentPath: string, upstream: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await findFreePort();
  const child: ChildProcess = spawn(process.execPath, [PRISM, 'proxy', documentPath, upstream, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism exited ${child.exitCode}: ${output}`);
    if (/Prism is listening/.test(output)) break;
    if (Date.now() > deadline) throw new Error(`prism did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** One exchange over node:http (fetch refuses a body on GET, which the walk sends on purpose). */
function send(base: string, step: WalkStep): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const body = step.body === undefined ? undefined : Buffer.from(step.body);
    const req = request(base + step.path, {
      method: step.method,
      headers: { ...(step.auth !== false && { authorization: STAFF_AUTH }), ...step.headers, ...(body && { 'content-length': String(body.length) }) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers = Object.fromEntries(Object.entries(res.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
        resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Prism 5.14's proxy answers HEAD with 500 (it parses the empty body as JSON) and a GET with
 * a body with its own 501 without forwarding: those exchanges go to the server directly and
 * are checked against the same document by `openApiProblems` (Ajv) instead.
 */
const prismCannotProxy = (step: WalkStep): boolean => step.method === 'HEAD' || (step.method === 'GET' && step.body !== undefined);

interface Checked {
  readonly step: WalkStep;
  readonly status: number;
  /** Prism's `sl-violations`, or for direct exchanges the document check's problems as response violations. */
  readonly violations: Violation[];
}

async function walk(prismUrl: string, serverUrl: string, steps: readonly WalkStep[]): Promise<Checked[]> {
  const results: Checked[] = [];
  for (const step of steps) {
    if (prismCannotProxy(step)) {
      const answer = await send(serverUrl, step);
      const problems = openApiProblems(step.method, step.path, { statusCode: answer.status, headers: answer.headers, body: answer.body });
      results.push({ step, status: answer.status, violations: problems.map((message) => ({ location: ['response'], severity: 'Error', message })) });
      continue;
    }
    const { status, headers } = await send(prismUrl, step);
    const header = headers['sl-violations'];
    results.push({ step, status, violations: header ? (JSON.parse(header) as Violation[]) : [] });
  }
  return results;
}

/**
 * The document as a contract a third-party tool checks: Stoplight Prism, as a validating
 * proxy in front of the hospitals API on loopback, sees a scripted client walk every
 * operation and its documented errors. Any answer that breaks the document (status, headers,
 * body) fails the test; Prism may flag only the requests sent invalid on purpose.
 */
describe('the OpenAPI document, checked by Prism in front of the real server', () => {
  let server: LocalServer;
  let dir: string;

  beforeAll(async () => {
    const api = await hospitalsApiFixture({ publicBaseUrl: 'http://127.0.0.1' });
    await api.seed('Riverside Veterinary Hospital');
    await api.seed('Hillcrest Animal Clinic');
    await new RegisterStaff(api.core.staff, api.core.staffIds, api.core.hasher, api.core.audit, api.core.clock).execute({ ...READER, role: 'read-only' }, SYSTEM_ACTOR);
    server = await startLocalServer({ handler: api.handler as never, port: 0, log: () => undefined });
    dir = await mkdtemp(join(tmpdir(), 'hosp-prism-'));
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every documented operation and error answers as documented', async () => {
    const path = join(dir, 'openapi.json');
    await writeFile(path, JSON.stringify(document));
    const prism = await startPrism(path, server.url);
    try {
      const results = await walk(prism.url, server.url, contractWalk());
      const operations = new Set(results.map((r) => `${r.step.method} ${r.step.operation}`));
      // Every operation of the document was walked (and some methods it does not list: 405).
      const documented = Object.entries(document.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
      expect(documented.filter((operation) => !operations.has(operation))).toEqual([]);
      // Every exchange checked, and every problem reported at once.
      const problems: string[] = [];
      for (const { step, status, violations } of results) {
        const label = `${step.method} ${step.path} (${step.why})`;
        if (status !== step.expect) problems.push(`${label}: status ${status}, expected ${step.expect}`);
        for (const v of violations.filter((v) => v.location[0] === 'response')) problems.push(`${label}: response ${v.location.join('.')}: ${v.message}`);
        const request = violations.filter((v) => v.location[0] === 'request' && v.severity === 'Error');
        if (!step.invalidRequest) for (const v of request) problems.push(`${label}: request ${v.location.join('.')}: ${v.message}`);
      }
      expect(problems).toEqual([]);
    } finally {
      await prism.stop();
    }
  }, 120_000);

  it('a test of the test: a copy of the document that no longer matches the server is caught', async () => {
    const broken = structuredClone(document) as any;
    broken.components.schemas.Hospital.properties.name.maxLength = 5;
    delete broken.paths['/hospitals/{id}'].get.responses['404'];
    const path = join(dir, 'openapi.json');
    await writeFile(path, JSON.stringify(broken));
    const prism = await startPrism(path, server.url);
    try {
      const [found, missing] = await walk(prism.url, server.url, [
        { operation: '/hospitals/{id}', method: 'GET', path: '/hospitals/1', expect: 200, why: 'a name longer than the broken maxLength' },
        { operation: '/hospitals/{id}', method: 'GET', path: '/hospitals/999', expect: 404, why: 'a status the broken copy does not list' },
      ]);
      expect(found!.violations.filter((v) => v.location[0] === 'response')).not.toEqual([]);
      expect(missing!.violations.filter((v) => v.location[0] === 'response')).not.toEqual([]);
    } finally {
      await prism.stop();
    }
  }, 120_000);
});
