import { createHash, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { FaultInjector, FaultPlan, SimFaults } from './sim-faults';
import { SimDatabase } from './sim-database';
import { SimHospital, SimNote, SimPatient } from './sim-records';
import { SimStats, SimStatsSnapshot } from './sim-stats';

/**
 * A stand-in for the legacy HOSP API (see docs/legacy.md), for development, tests and
 * benchmarks: the observed contract (Rails-style `.json` URLs, Basic auth, error shapes) plus
 * seeded, configurable faults. It is deliberately as careless as legacy: notes keep whatever
 * `staff_id` they are sent, screening results are not stored.
 */
export interface LegacySimulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** PRNG seed for fault decisions (default 1). */
  readonly seed?: number;
  readonly faults?: Partial<SimFaults>;
  /** Basic-auth accounts; default `[{ username: 'legacy', password: 'legacy-password' }]`. */
  readonly users?: ReadonlyArray<{ username: string; password: string }>;
  /** Starting hospitals (e.g. from `loadLegacyCsv`). */
  readonly hospitals?: readonly SimHospital[];
  /** Synthetic hospitals added after `hospitals`. */
  readonly generate?: number;
  /** Base of the `url` field in records; the server's own URL by default. */
  readonly publicUrl?: string;
}

export interface LegacySimulator {
  /** `http://host:port`, without a trailing slash. */
  readonly url: string;
  stats(): SimStatsSnapshot;
  /** Changes fault rates while running; unspecified rates stay as they are. */
  setFaults(faults: Partial<SimFaults>): void;
  /** Hospitals as stored right now, newest first (for assertions). */
  hospitals(): SimHospital[];
  /** Notes as stored right now (for assertions). */
  notes(): SimNote[];
  close(): Promise<void>;
}

export const DEFAULT_SIM_USERS = [{ username: 'legacy', password: 'legacy-password' }] as const;

interface Reply {
  status: number;
  body?: unknown;
  contentType?: string;
}

interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly pattern: string;
  /** Whether a 2xx answer means something was written (for commit-then-fail). */
  readonly write: boolean;
  handle(params: string[], body: Buffer): Reply;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const RAILS_ERROR_PAGE = "<html><body><h1>We're sorry, but something went wrong.</h1></body></html>";
const notFound = (): Reply => ({ status: 404, body: { status: 404, error: 'Not Found' } });

export async function createLegacySimulator(options: LegacySimulatorOptions = {}): Promise<LegacySimulator> {
  const db = new SimDatabase();
  db.load(options.hospitals ?? []);
  db.generate(options.generate ?? 0);
  const stats = new SimStats();
  const faults = new FaultInjector(options.seed ?? 1, options.faults);
  const credentials = (options.users ?? DEFAULT_SIM_USERS).map((u) => digest(`${u.username}:${u.password}`));
  let baseUrl = options.publicUrl?.replace(/\/+$/, '') ?? '';
  const timers = new Set<NodeJS.Timeout>();

  const withUrl = <T extends { id: number }>(kind: string, record: T): T & { url: string } => ({
    ...record,
    url: `${baseUrl}/${kind}/${record.id}.json`,
  });
  const routes = buildRoutes(db, stats, withUrl);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    // Nothing is decided before the whole body has arrived, as with a real server.
    req.on('end', () => serve(req, res, Buffer.concat(chunks)));
  });

  function serve(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!.replace(/\.json$/, '').replace(/\/+$/, '') || '/';
    if (path === '/__sim/stats' && method === 'GET') return reply(res, { status: 200, body: stats.snapshot() });
    if (path === '/' && (method === 'GET' || method === 'HEAD')) {
      stats.request(`${method} /`);
      return reply(res, { status: 200, body: 'Server is online.', contentType: 'text/html; charset=utf-8' });
    }
    const match = matchRoute(routes, method, path);
    stats.request(match ? `${method} ${match.route.pattern}` : `${method} (unrouted)`);
    const plan = faults.plan();
    if (plan.reset === 'before') {
      stats.fault('reset-before');
      return void req.socket.destroy();
    }
    if (plan.failStatus !== null) {
      stats.fault(`fail-${plan.failStatus}`);
      return reply(res, { status: plan.failStatus, body: RAILS_ERROR_PAGE, contentType: 'text/html; charset=utf-8' });
    }
    if (plan.delayMs > 0) {
      stats.fault('slow');
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) respond(req, res, method, match, body, plan);
      }, plan.delayMs);
      timers.add(timer);
      return;
    }
    respond(req, res, method, match, body, plan);
  }

  function respond(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    method: string,
    match: { route: Route; params: string[] } | null,
    body: Buffer,
    plan: FaultPlan,
  ): void {
    if (!authorized(req.headers.authorization, credentials)) {
      stats.unauthorized();
      res.setHeader('WWW-Authenticate', 'Basic realm="Application"');
      return reply(res, { status: 401, body: 'HTTP Basic: Access denied.\n', contentType: 'text/html; charset=utf-8' });
    }
    const answer = match ? match.route.handle(match.params, body) : notFound();
    const wrote = match?.route.write === true && answer.status < 300;
    if (plan.reset === 'after') {
      stats.fault('reset-after');
      return void req.socket.destroy();
    }
    if (wrote && plan.commitThenFail) {
      stats.fault('commit-then-fail');
      return reply(res, { status: 500, body: RAILS_ERROR_PAGE, contentType: 'text/html; charset=utf-8' });
    }
    reply(res, method === 'HEAD' ? { ...answer, body: undefined } : answer);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  if (!baseUrl) baseUrl = url;

  return {
    url,
    stats: () => stats.snapshot(),
    setFaults: (next) => faults.set(next),
    hospitals: () => db.listHospitals().map((h) => withUrl('hospitals', h)),
    notes: () => [...db.notes.values()].map((n) => ({ ...n })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function buildRoutes(
  db: SimDatabase,
  stats: SimStats,
  withUrl: <T extends { id: number }>(kind: string, record: T) => T & { url: string },
): Route[] {
  const hospital = (h: SimHospital) => withUrl('hospitals', h);
  const patient = (p: SimPatient) => withUrl('patients', p);
  const note = (n: SimNote) => withUrl('notes', n);
  const findHospital = (id: string) => db.hospitals.get(Number(id));
  const rename = (params: string[], body: Buffer): Reply => {
    const current = findHospital(params[0]!);
    if (!current) return notFound();
    const name = hospitalName(body);
    if (name === undefined) return { status: 200, body: hospital(current) };
    if (!name.trim()) return { status: 422, body: { name: ["can't be blank"] } };
    return { status: 200, body: hospital(db.renameHospital(current, name)) };
  };
  return [
    { method: 'GET', pattern: '/hospitals', write: false, handle: () => ({ status: 200, body: db.listHospitals().map(hospital) }) },
    {
      method: 'GET',
      pattern: '/hospitals/:id',
      write: false,
      handle: ([id]) => {
        const found = findHospital(id!);
        return found ? { status: 200, body: hospital(found) } : notFound();
      },
    },
    {
      method: 'POST',
      pattern: '/hospitals',
      write: true,
      handle: (_, body) => {
        const name = hospitalName(body);
        if (typeof name !== 'string' || !name.trim()) return { status: 422, body: { name: ["can't be blank"] } };
        stats.create('hospitals');
        return { status: 201, body: hospital(db.createHospital(name)) };
      },
    },
    { method: 'PATCH', pattern: '/hospitals/:id', write: true, handle: rename },
    { method: 'PUT', pattern: '/hospitals/:id', write: true, handle: rename },
    {
      method: 'DELETE',
      pattern: '/hospitals/:id',
      write: true,
      handle: ([id]) => (db.hospitals.delete(Number(id)) ? { status: 204 } : notFound()),
    },
    { method: 'GET', pattern: '/patients', write: false, handle: () => ({ status: 200, body: [...db.patients.values()].map(patient) }) },
    {
      method: 'GET',
      pattern: '/patients/:id',
      write: false,
      handle: ([id]) => {
        const found = db.patients.get(Number(id));
        return found ? { status: 200, body: patient(found) } : notFound();
      },
    },
    {
      method: 'GET',
      pattern: '/patients/:id/notes',
      write: false,
      handle: ([id]) => (db.patients.has(Number(id)) ? { status: 200, body: db.notesOf(Number(id)).map(note) } : notFound()),
    },
    {
      method: 'POST',
      pattern: '/notes',
      write: true,
      handle: (_, body) => {
        const fields = jsonObject(body);
        const input = (fields.note as Record<string, unknown> | undefined) ?? fields;
        const errors: Record<string, string[]> = {};
        if (typeof input.title !== 'string' || !input.title.trim()) errors.title = ["can't be blank"];
        if (typeof input.body !== 'string' || !input.body.trim()) errors.body = ["can't be blank"];
        if (!db.patients.has(Number(input.patient_id))) errors.patient = ['must exist'];
        if (Object.keys(errors).length > 0) return { status: 422, body: errors };
        stats.create('notes');
        const created = db.createNote({
          title: input.title as string,
          body: input.body as string,
          patient_id: Number(input.patient_id),
          staff_id: input.staff_id ?? null,
        });
        return { status: 201, body: note(created) };
      },
    },
    {
      method: 'POST',
      pattern: '/patients/:id/screen',
      write: false,
      handle: ([id], body) => {
        if (!db.patients.has(Number(id))) return notFound();
        const score = createHash('sha256').update(body).digest()[0]! / 255;
        return {
          status: 200,
          body: {
            patient_id: Number(id),
            result: score > 0.8 ? 'abnormal' : 'clear',
            confidence: Math.round((0.5 + Math.abs(score - 0.8) / 2) * 100) / 100,
            bytes_screened: body.length,
          },
        };
      },
    },
  ];
}

const ID = '([1-9][0-9]{0,15})';

/** The route for a method and path (HEAD is answered as GET); null when none matches. */
function matchRoute(routes: Route[], method: string, path: string): { route: Route; params: string[] } | null {
  const verb = method === 'HEAD' ? 'GET' : method;
  for (const route of routes) {
    if (route.method !== verb) continue;
    const found = new RegExp(`^${route.pattern.replace(/:id/g, ID)}$`).exec(path);
    if (found) return { route, params: found.slice(1) };
  }
  return null;
}

function reply(res: http.ServerResponse, { status, body, contentType }: Reply): void {
  if (body === undefined || status === 204) {
    res.writeHead(status).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': contentType ?? 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function jsonObject(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `{"name"}` or Rails' nested `{"hospital": {"name"}}`; undefined when absent. */
function hospitalName(body: Buffer): string | undefined {
  const fields = jsonObject(body);
  const nested = fields.hospital;
  const source = typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>) : fields;
  const name = source.name;
  return name === undefined || name === null ? undefined : String(name);
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time check of `Authorization: Basic …` against every configured account. */
function authorized(header: string | undefined, accounts: Buffer[]): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const offered = digest(Buffer.from(match[1]!, 'base64').toString('utf8'));
  let ok = false;
  for (const account of accounts) ok = timingSafeEqual(offered, account) || ok;
  return ok;
}
