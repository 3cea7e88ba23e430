import { createGateway, GatewayOptions } from '../adapters/gateway/gateway';
import { FleetMemberShare } from '../adapters/gateway/legacy-acl/fleet-member-share';
import { LegacyLoginCheck, legacyLoginCheckLimits } from '../adapters/legacy/legacy-login-check';
import { RouteTable } from '../adapters/gateway/route-table';
import { ShadowReads } from '../adapters/gateway/shadow-reads';
import { ApiHandler } from '../adapters/http/hospitals-api';
import { JsonLog } from '../adapters/http/json-log';
import { OperationalMetrics } from '../adapters/observability/operational-metrics';
import { LegacyHospitalApi } from '../adapters/legacy/legacy-hospital-api';
import { LegacyHttpClient } from '../adapters/legacy/legacy-http-client';
import { LegacyNoteApi } from '../adapters/legacy/legacy-note-api';
import { LegacyPatientApi } from '../adapters/legacy/legacy-patient-api';
import { CreateHospital } from '../application/hospitals/create-hospital';
import { DeleteHospital } from '../application/hospitals/delete-hospital';
import { GetHospital } from '../application/hospitals/get-hospital';
import { ListHospitals } from '../application/hospitals/list-hospitals';
import { UpdateHospital } from '../application/hospitals/update-hospital';
import { AuthenticateStaff } from '../application/staff/authenticate-staff';
import { EnrolFromLegacy } from '../application/staff/enrol-from-legacy';
import { LoginThrottle } from '../application/staff/login-throttle';
import { RegisterStaff } from '../application/staff/register-staff';
import { AuditLog } from '../domain/ports/audit-log';
import { Clock } from '../domain/ports/clock';
import { StaffDirectory } from '../domain/ports/staff-directory';
import { App } from './app';
import { TOKENS } from './tokens';

/** A running gateway: its handler, and what tests and shutdown need. */
export interface GatewayRuntime {
  readonly handler: ApiHandler;
  /** The process's one legacy client (shared with HOSP_STORE=legacy). */
  readonly client: LegacyHttpClient;
  /** Present when HOSP_SHADOW is set: counters and `idle()`. */
  readonly shadow?: ShadowReads;
}

/** For tests: the log, and overrides of the handler options. */
export interface GatewayOverrides {
  readonly log?: JsonLog;
  readonly handler?: Partial<GatewayOptions>;
}

/**
 * The strangler-fig gateway over a started app (HOSP_LEGACY_URL and HOSP_LEGACY_AUTH set):
 * core routes use the app's use cases and store; legacy routes go through the legacy route
 * table to the process's legacy resources (src/infra/legacy-module.ts), which share one
 * client and one read cache with HOSP_STORE=legacy. Forwarded writes are audited to the
 * app's AuditLog. The app owns the client: `app.close()` releases it.
 */
export function gatewayFor(app: App, overrides: GatewayOverrides = {}): GatewayRuntime {
  const { legacy, http, gateway } = app.config;
  const c = app.container;
  if (!legacy.url || !c.isBound(TOKENS.LegacyClient)) throw new Error('The gateway needs HOSP_LEGACY_URL and HOSP_LEGACY_AUTH.');
  const log = overrides.log ?? c.get<JsonLog>(TOKENS.Log);
  const metrics = c.get<OperationalMetrics>(TOKENS.Metrics);
  const client = c.get<LegacyHttpClient>(TOKENS.LegacyClient);
  const clock = c.get<Clock>(TOKENS.Clock);
  const authenticateStaff = c.get(AuthenticateStaff);
  const enrol = gateway.enrolFromLegacy
    ? new EnrolFromLegacy(c.get<StaffDirectory>(TOKENS.StaffDirectory), authenticateStaff, new LegacyLoginCheck(client, legacyLoginCheckLimits(client.maxConcurrent)), c.get(RegisterStaff), c.get<LoginThrottle>(TOKENS.LoginThrottle))
    : undefined;
  const shadow = gateway.shadowPrefixes.length > 0
    ? new ShadowReads((request) => client.send(request), log, { ignoreFields: gateway.shadowIgnoreFields }, metrics)
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
      authenticate: (credentials, context) => (enrol ?? authenticateStaff).execute(credentials, context),
      legacy: {
        patients: c.get<LegacyPatientApi>(TOKENS.LegacyPatientApi),
        notes: c.get<LegacyNoteApi>(TOKENS.LegacyNoteApi),
        hospitals: c.get<LegacyHospitalApi>(TOKENS.LegacyHospitalApi),
      },
      audit: c.get<AuditLog>(TOKENS.AuditLog),
      clock,
      ...(shadow && { shadow }),
      ...(c.isBound(TOKENS.FleetMemberShare) && { fleetShare: c.get<FleetMemberShare>(TOKENS.FleetMemberShare) }),
    },
    {
      routes: new RouteTable(gateway.routes),
      shadowPrefixes: gateway.shadowPrefixes,
      publicBaseUrl: http.publicBaseUrl,
      legacyPathPrefix: new URL(legacy.url).pathname.replace(/\/+$/, ''),
      memberConcurrency: gateway.memberConcurrency ?? Math.max(1, Math.floor(legacy.client.maxConcurrent / 2)),
      originSecrets: http.originSecrets,
      originHeader: http.originHeader,
      checksPerAddressPerMinute: app.config.auth.loginRatePerMinute,
      trustAuthorizer: http.trustAuthorizer,
      requestDeadlineMs: http.requestDeadlineMs,
      idempotency: app.container.get(TOKENS.IdempotentRunner),
      log,
      metrics,
      ...overrides.handler,
    },
  );
  return { handler, client, ...(shadow && { shadow }) };
}
