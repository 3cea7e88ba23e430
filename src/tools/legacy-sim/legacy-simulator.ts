import { startHttp1Server } from './http1/http1-server';
import { ReceivedLog, ReceivedRequest } from './http1/received-requests';
import { basicAuthCheck, SimAccount } from './sim-basic-auth';
import { SimDatabase } from './sim-database';
import { FaultInjector, SimFaults } from './sim-faults';
import { SimHospital, SimNote } from './sim-records';
import { SimRequestHandler } from './sim-request-handler';
import { buildRoutes, WithUrl } from './sim-routes';
import { SimStats, SimStatsSnapshot } from './sim-stats';

export type { ReceivedRequest } from './http1/received-requests';

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
  readonly users?: readonly SimAccount[];
  /** Starting hospitals (e.g. from `loadLegacyCsv`). */
  readonly hospitals?: readonly SimHospital[];
  /** Synthetic hospitals added after `hospitals`. */
  readonly generate?: number;
  /** Base of the `url` field in records; the server's own URL by default. */
  readonly publicUrl?: string;
  /**
   * Legacy's transport as it is (default true: a simulator kinder than legacy hides bugs):
   * fast 5xx, 404 for an unknown route and 501 for an unknown method are sent without
   * reading the request body, whose bytes are then parsed as the next request on the
   * connection; TRACE is echoed, Authorization included. When false every body is read
   * before anything is decided and TRACE gets 501.
   */
  readonly roughTransport?: boolean;
  /** When above 0, every response body is sent this many ms after its status line and headers (default 0). */
  readonly splitWritesMs?: number;
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
  /** The last 1,000 requests exactly as they arrived, oldest first (for asserting what reached legacy). */
  received(): ReceivedRequest[];
  /** Forgets the requests received so far. */
  clearReceived(): void;
  /** Stops listening, destroys every connection and cancels delayed answers. */
  close(): Promise<void>;
}

export const DEFAULT_SIM_USERS = [{ username: 'legacy', password: 'legacy-password' }] as const;

export async function createLegacySimulator(options: LegacySimulatorOptions = {}): Promise<LegacySimulator> {
  const db = new SimDatabase();
  db.load(options.hospitals ?? []);
  db.generate(options.generate ?? 0);
  const stats = new SimStats();
  const faults = new FaultInjector(options.seed ?? 1, options.faults);
  const splitWritesMs = options.splitWritesMs ?? 0;
  if (!(splitWritesMs >= 0)) throw new RangeError('splitWritesMs must be 0 or more');
  let baseUrl = options.publicUrl?.replace(/\/+$/, '') ?? '';
  const withUrl: WithUrl = (kind, record) => ({ ...record, url: `${baseUrl}/${kind}/${record.id}.json` });
  const handler = new SimRequestHandler({
    routes: buildRoutes(db, stats, withUrl),
    stats,
    faults,
    authorized: basicAuthCheck(options.users ?? DEFAULT_SIM_USERS),
    roughTransport: options.roughTransport ?? true,
  });
  const received = new ReceivedLog();
  const server = await startHttp1Server({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    handler: (exchange) => handler.handle(exchange),
    splitWritesMs,
    received,
  });
  const host = server.address.family === 'IPv6' ? `[${server.address.address}]` : server.address.address;
  const url = `http://${host}:${server.address.port}`;
  if (!baseUrl) baseUrl = url;

  return {
    url,
    stats: () => stats.snapshot(),
    setFaults: (next) => faults.set(next),
    hospitals: () => db.listHospitals().map((h) => withUrl('hospitals', h)),
    notes: () => [...db.notes.values()].map((n) => ({ ...n })),
    received: () => received.list(),
    clearReceived: () => received.clear(),
    close: async () => {
      handler.close();
      await server.close();
    },
  };
}
