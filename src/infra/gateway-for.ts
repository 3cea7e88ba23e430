import { createGateway, GatewayOptions } from '../adapters/gateway/gateway';
import { LegacyForwarder } from '../adapters/gateway/legacy-forwarder';
import { LegacyLoginCheck } from '../adapters/gateway/legacy-login-check';
import { RouteTable } from '../adapters/gateway/route-table';
import { ShadowReads } from '../adapters/gateway/shadow-reads';
import { ApiHandler } from '../adapters/http/hospitals-api';
import { JsonLog, stdoutJsonLog } from '../adapters/http/json-log';
import { LegacyHospitalApi } from '../adapters/legacy/legacy-hospital-api';
import { LegacyClientOptions, LegacyHttpClient } from '../adapters/legacy/legacy-http-client';
import { LegacyReadCache, LegacyReadCacheOptions } from '../adapters/legacy/legacy-read-cache';
import { CreateHospital } from '../application/hospitals/create-hospital';
import { DeleteHospital } from '../application/hospitals/delete-hospital';
import { GetHospital } from '../application/hospitals/get-hospital';
import { ListHospitals } from '../application/hospitals/list-hospitals';
import { UpdateHospital } from '../application/hospitals/update-hospital';
import { AuthenticateStaff } from '../application/staff/authenticate-staff';
import { EnrolFromLegacy } from '../application/staff/enrol-from-legacy';
import { RegisterStaff } from '../application/staff/register-staff';
import { AuditLog } from '../domain/ports/audit-log';
import { Clock } from '../domain/ports/clock';
import { StaffDirectory } from '../domain/ports/staff-directory';
import { App } from './app';
import { TOKENS } from './tokens';

/** A running gateway: its handler, and what tests and shutdown need. */
export interface GatewayRuntime {
  readonly handler: ApiHandler;
  /** The legacy client the gateway uses (shared with HOSP_STORE=legacy when that is the store). */
  readonly client: LegacyHttpClient;
  /** Present when HOSP_SHADOW is set: counters and `idle()`. */
  readonly shadow?: ShadowReads;
  /** Closes the legacy client's connections if the gateway made the client itself. */
  close(): void;
}

/** For tests: overrides of the client and cache settings from config, and of the handler options. */
export interface GatewayOverrides {
  readonly client?: Partial<LegacyClientOptions>;
  readonly cache?: Partial<LegacyReadCacheOptions>;
  /** Time source (ms) of the gateway's read cache, so tests can age entries without waiting. */
  readonly cacheClock?: () => number;
  readonly log?: JsonLog;
  readonly handler?: Partial<GatewayOptions>;
}

/**
 * The strangler-fig gateway over a started app (HOSP_LEGACY_URL and HOSP_LEGACY_AUTH set):
 * core routes use the app's use cases and store; legacy routes go through the resilient
 * client (the store's own when HOSP_STORE=legacy, so both share one circuit breaker and
 * retry budget). Audit entries of forwarded writes go to the app's AuditLog.
 */
export function gatewayFor(app: App, overrides: GatewayOverrides = {}): GatewayRuntime {
  const { legacy, http, gateway } = app.config;
  if (!legacy.url || !legacy.credentials) throw new Error('The gateway needs HOSP_LEGACY_URL and HOSP_LEGACY_AUTH.');
  const c = app.container;
  const log = overrides.log ?? stdoutJsonLog;
  const shared = !overrides.client && c.isBound(TOKENS.LegacyClient) ? c.get<LegacyHttpClient>(TOKENS.LegacyClient) : undefined;
  const client = shared ?? new LegacyHttpClient({ ...legacy.client, ...overrides.client, baseUrl: legacy.url, credentials: legacy.credentials });
  const cacheOptions = { ...legacy.cache, ...overrides.cache };
  const hospitals = shared && c.isBound(TOKENS.LegacyHospitalApi)
    ? c.get<LegacyHospitalApi>(TOKENS.LegacyHospitalApi)
    : new LegacyHospitalApi(client, new LegacyReadCache(cacheOptions));
  const clock = c.get<Clock>(TOKENS.Clock);
  const forwarder = new LegacyForwarder(
    { client, cache: new LegacyReadCache(cacheOptions, overrides.cacheClock), hospitals, audit: c.get<AuditLog>(TOKENS.AuditLog), clock, log },
    { legacyBaseUrl: legacy.url, publicBaseUrl: http.publicBaseUrl, dropRequestHeaders: [http.originHeader] },
  );
  const authenticateStaff = c.get(AuthenticateStaff);
  const enrol = gateway.enrolFromLegacy
    ? new EnrolFromLegacy(c.get<StaffDirectory>(TOKENS.StaffDirectory), authenticateStaff, new LegacyLoginCheck(client), c.get(RegisterStaff), clock)
    : undefined;
  const shadow = gateway.shadowPrefixes.length > 0
    ? new ShadowReads((request) => client.send(request), log, { ignoreFields: gateway.shadowIgnoreFields })
    : undefined;
  const handler = createGateway(
    {
      core: {
        listHospitals: c.get(ListHospitals),
        getHospital: c.get(GetHospital),
        createHospital: c.get(CreateHospital),
        updateHospital: c.get(UpdateHospital),
        deleteHospital: c.get(DeleteHospital),
      },
      authenticate: (header) => (enrol ?? authenticateStaff).execute(header),
      forwarder,
      ...(shadow && { shadow }),
    },
    {
      routes: new RouteTable(gateway.routes),
      shadowPrefixes: gateway.shadowPrefixes,
      publicBaseUrl: http.publicBaseUrl,
      originSecrets: http.originSecrets,
      originHeader: http.originHeader,
      log,
      ...overrides.handler,
    },
  );
  return { handler, client, ...(shadow && { shadow }), close: () => (shared ? undefined : client.close()) };
}
