import type { Container } from 'inversify';
import { ApiHandler } from '../../src/adapters/http/hospitals-api';
import { LocalServer, startLocalServer } from '../../src/adapters/http/local-server';
import { LegacyClientOptions } from '../../src/adapters/legacy/legacy-http-client';
import { LegacyReadCacheOptions } from '../../src/adapters/legacy/legacy-read-cache';
import { createLegacySimulator, LegacySimulator, LegacySimulatorOptions } from '../../src/tools/legacy-sim/legacy-simulator';
import { InMemoryAuditLog } from '../../src/adapters/memory/in-memory-audit-log';
import { formatBasicCredentials } from '../../src/adapters/shared/basic-credentials';
import { RegisterStaff } from '../../src/application/staff/register-staff';
import { StaffRole, SYSTEM_ACTOR } from '../../src/domain/staff';
import { App, startApp } from '../../src/infra/app';
import { loadConfig } from '../../src/infra/config/config';
import { GatewayRuntime, gatewayFor } from '../../src/infra/gateway-for';
import { TOKENS } from '../../src/infra/tokens';
import { fastPasswordHasher } from './fast-password-hasher';
import { FAST_CLIENT, SIM_CREDENTIALS } from './legacy-fixture';

export const ALICE_PASSWORD = 'correct horse battery staple';
export const ALICE_AUTH = formatBasicCredentials({ username: 'alice', password: ALICE_PASSWORD });
/** Alice's staff id in legacy HOSP: deliberately not her hosp staff id. */
export const ALICE_LEGACY_ID = 28;

export interface GatewayRigOptions {
  /** Extra environment (HOSP_ROUTES, HOSP_SHADOW, HOSP_ENROL_FROM_LEGACY, …). */
  env?: Record<string, string>;
  sim?: LegacySimulatorOptions;
  /** Point the gateway at this upstream instead of a simulator (e.g. an echo server). */
  legacyUrl?: string;
  client?: Partial<LegacyClientOptions>;
  cache?: Partial<LegacyReadCacheOptions>;
  /** Time source of the gateway's read cache (ms). */
  cacheClock?: () => number;
  /** Further bindings (e.g. a shared DynamoDB adapter in place of a memory one). */
  configure?: (container: Container) => void;
}

/** A parsed answer from the gateway. */
export interface GatewayAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
  json(): any;
}

/**
 * The gateway exactly as `hosp serve` runs it (config from env, startApp with the memory
 * store, gatewayFor, the local server), over loopback HTTP, in front of a legacy simulator;
 * one member of staff, alice; every log line captured.
 */
export async function startGatewayRig(options: GatewayRigOptions = {}) {
  const sim: LegacySimulator | undefined = options.legacyUrl ? undefined : await createLegacySimulator({ seed: 7, ...options.sim });
  const legacyUrl = options.legacyUrl ?? sim!.url;
  const config = loadConfig({
    HOSP_STORE: 'memory',
    HOSP_PORT: '0',
    HOSP_LEGACY_URL: legacyUrl,
    HOSP_LEGACY_AUTH: `${SIM_CREDENTIALS.username}:${SIM_CREDENTIALS.password}`,
    ...options.env,
  });
  const app: App = await startApp(config, {
    configure: (c) => {
      c.rebind(TOKENS.PasswordHasher).toConstantValue(fastPasswordHasher());
      options.configure?.(c);
    },
    legacy: {
      client: { ...FAST_CLIENT, ...options.client },
      ...(options.cache && { cache: options.cache }),
      ...(options.cacheClock && { cacheClock: options.cacheClock }),
    },
  });
  const logs: Record<string, unknown>[] = [];
  const gateway: GatewayRuntime = gatewayFor(app, { log: (entry) => logs.push(entry) });
  const register = app.container.get(RegisterStaff);
  const alice = await register.execute({ username: 'alice', password: ALICE_PASSWORD, legacyStaffId: ALICE_LEGACY_ID, role: 'admin' }, SYSTEM_ACTOR);
  /** Another member of staff (password `<username> password 123`); `legacyStaffId` null leaves them unlinked. */
  const addMember = async (username: string, legacyStaffId: number | null, role: StaffRole = 'staff') => {
    const password = `${username} password 123`;
    const view = await register.execute({ username, password, role, ...(legacyStaffId !== null && { legacyStaffId }) }, SYSTEM_ACTOR);
    return { ...view, auth: formatBasicCredentials({ username, password }) };
  };
  const server: LocalServer = await startLocalServer({ handler: gateway.handler as never, port: 0, log: () => undefined });

  const send = async (
    method: string,
    path: string,
    init: { auth?: string | null; headers?: Record<string, string>; body?: string | Buffer; json?: unknown } = {},
  ): Promise<GatewayAnswer> => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.auth !== null) headers.authorization = init.auth ?? ALICE_AUTH;
    let body: string | Buffer | undefined = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(server.url + path, { method, headers, ...(body !== undefined && { body }) });
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body: bytes, json: () => JSON.parse(bytes.toString('utf8')) };
  };

  return {
    sim,
    app,
    gateway,
    handler: gateway.handler as ApiHandler,
    server,
    logs,
    alice,
    addMember,
    audit: app.container.get<InMemoryAuditLog>(TOKENS.AuditLog),
    send,
    async close() {
      await gateway.shadow?.idle();
      await server.close();
      await app.close();
      await sim?.close();
    },
  };
}

export type GatewayRig = Awaited<ReturnType<typeof startGatewayRig>>;

export { pool } from './pool';
