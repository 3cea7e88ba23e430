import { ContainerModule } from 'inversify';
import { createGateway, GatewayDependencies, GatewayOptions } from '../../adapters/gateway/gateway';
import { FleetMemberShare } from '../../adapters/gateway/legacy-acl/fleet-member-share';
import { RouteTable } from '../../adapters/gateway/route-table';
import { ShadowReads } from '../../adapters/gateway/shadow-reads';
import { ApiHandler } from '../../adapters/http/hospitals-api';
import { JsonLog } from '../../adapters/observability/json-log';
import { IdempotentRunner } from '../../adapters/idempotency/idempotent-runner';
import { LegacyHospitalApi } from '../../adapters/legacy/legacy-hospital-api';
import { LegacyHttpClient } from '../../adapters/legacy/legacy-http-client';
import { LegacyNoteApi } from '../../adapters/legacy/legacy-note-api';
import { LegacyPatientApi } from '../../adapters/legacy/legacy-patient-api';
import { OperationalMetrics } from '../../adapters/observability/operational-metrics';
import { AuthenticateStaff } from '../../application/staff/authenticate-staff';
import { EnrolFromLegacy } from '../../application/staff/enrol-from-legacy';
import { LoginThrottle } from '../../application/staff/login-throttle';
import { LegacyCredentialCheck } from '../../application/staff/ports/legacy-credential-check';
import { RegisterStaff } from '../../application/staff/register-staff';
import { AuditLog } from '../../domain/ports/audit-log';
import { Clock } from '../../domain/ports/clock';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { Config } from '../config/config';
import { TOKENS } from '../tokens';
import { HospitalUseCases } from './hospitals-module';
import { httpSettings } from './http-module';

/** A running gateway: its handler, and what tests and shutdown need. */
export interface GatewayRuntime {
  readonly handler: ApiHandler;
  /** The process's one legacy client (shared with HOSP_STORE=legacy). */
  readonly client: LegacyHttpClient;
  /** Present when HOSP_SHADOW is set: counters and `idle()`. */
  readonly shadow?: ShadowReads;
}

/** The request log (`hosp serve` batches its writes; tests capture it), and overrides of the handler options. */
export interface GatewayOverrides {
  readonly log?: JsonLog;
  readonly handler?: Partial<GatewayOptions>;
}

/** Makes the gateway handler; bound as TOKENS.Gateway. */
export type GatewayFactory = (overrides?: GatewayOverrides) => GatewayRuntime;

/**
 * The strangler-fig gateway (bound when HOSP_LEGACY_URL and HOSP_LEGACY_AUTH are set): core
 * routes use the use cases and the store; legacy routes go through the legacy route table to
 * the process's legacy resources (legacy-module.ts). Forwarded writes are audited to the
 * store's AuditLog. With HOSP_ENROL_FROM_LEGACY, logins unknown to hosp are checked
 * with legacy and enrolled (EnrolFromLegacy). Shadow reads (HOSP_SHADOW) log their
 * differences to the handler's request log, so they are made with the handler.
 */
export const gatewayModule = (config: Config): ContainerModule =>
  new ContainerModule(({ bind }) => {
    const { legacy, gateway } = config;
    if (!legacy.url || !legacy.credentials) return;
    if (gateway.enrolFromLegacy) {
      bind(EnrolFromLegacy)
        .toResolvedValue(
          (directory: StaffDirectory, authenticate: AuthenticateStaff, check: LegacyCredentialCheck, register: RegisterStaff, throttle: LoginThrottle) =>
            new EnrolFromLegacy(directory, authenticate, check, register, throttle),
          [TOKENS.StaffDirectory, AuthenticateStaff, TOKENS.LegacyCredentialCheck, RegisterStaff, TOKENS.LoginThrottle],
        )
        .inSingletonScope();
    }
    bind<GatewayDependencies>(TOKENS.GatewayDependencies)
      .toResolvedValue(
        (
          core: HospitalUseCases,
          login: AuthenticateStaff | EnrolFromLegacy,
          patients: LegacyPatientApi,
          notes: LegacyNoteApi,
          hospitals: LegacyHospitalApi,
          audit: AuditLog,
          clock: Clock,
          fleetShare: FleetMemberShare | undefined,
        ): GatewayDependencies => ({
          core,
          authenticate: (credentials, context) => login.execute(credentials, context),
          legacy: { patients, notes, hospitals },
          audit,
          clock,
          ...(fleetShare && { fleetShare }),
        }),
        [
          TOKENS.HospitalUseCases,
          gateway.enrolFromLegacy ? EnrolFromLegacy : AuthenticateStaff,
          TOKENS.LegacyPatientApi,
          TOKENS.LegacyNoteApi,
          TOKENS.LegacyHospitalApi,
          TOKENS.AuditLog,
          TOKENS.Clock,
          { serviceIdentifier: TOKENS.FleetMemberShare, optional: true },
        ],
      )
      .inSingletonScope();
    bind<GatewayFactory>(TOKENS.Gateway)
      .toResolvedValue(
        (dependencies: GatewayDependencies, client: LegacyHttpClient, idempotency: IdempotentRunner, log: JsonLog, metrics: OperationalMetrics): GatewayFactory =>
          (overrides = {}) => {
            const requestLog = overrides.log ?? log;
            const shadow = gateway.shadowPrefixes.length > 0
              ? new ShadowReads((request) => client.send(request), requestLog, { ignoreFields: gateway.shadowIgnoreFields }, metrics)
              : undefined;
            const handler = createGateway(
              { ...dependencies, ...(shadow && { shadow }) },
              {
                routes: new RouteTable(gateway.routes),
                shadowPrefixes: gateway.shadowPrefixes,
                ...httpSettings(config),
                legacyPathPrefix: new URL(legacy.url!).pathname.replace(/\/+$/, ''),
                memberConcurrency: gateway.memberConcurrency ?? Math.max(1, Math.floor(legacy.client.maxConcurrent / 2)),
                idempotency,
                log: requestLog,
                metrics,
                ...overrides.handler,
              },
            );
            return { handler, client, ...(shadow && { shadow }) };
          },
        [TOKENS.GatewayDependencies, TOKENS.LegacyClient, TOKENS.IdempotentRunner, TOKENS.Log, TOKENS.Metrics],
      )
      .inSingletonScope();
  });
