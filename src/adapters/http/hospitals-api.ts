import { CreateHospital } from '../../application/hospitals/create-hospital';
import { DeleteHospital } from '../../application/hospitals/delete-hospital';
import { GetHospital } from '../../application/hospitals/get-hospital';
import { ListHospitals } from '../../application/hospitals/list-hospitals';
import { UpdateHospital } from '../../application/hospitals/update-hospital';
import { AuthenticateStaff } from '../../application/staff/authenticate-staff';
import { IdempotentRunner } from '../idempotency/idempotent-runner';
import { MemoryPersistenceLayer } from '../idempotency/memory-persistence-layer';
import { PowertoolsIdempotency } from '../idempotency/powertools-idempotency';
import { OperationalMetrics } from '../observability/operational-metrics';
import { ApiHandler, buildApiHandler } from './api-middleware-stack';
import { AuthenticationCacheOptions } from './authentication-cache';
import { JsonLog, stdoutJsonLog } from '../observability/json-log';
import { jsonBody } from './middlewares/json-body';
import { routeResolver } from './middlewares/route-resolver';
import { Route, Router } from './router';
import { createHospitalRoute } from './routes/create-hospital-route';
import { deleteHospitalRoute } from './routes/delete-hospital-route';
import { getHospitalRoute } from './routes/get-hospital-route';
import { idempotentRoute } from './routes/idempotent-route';
import { listHospitalsRoute } from './routes/list-hospitals-route';
import { openApiRoute } from './routes/openapi-route';
import { updateHospitalRoute } from './routes/update-hospital-route';

/** The use cases the hospitals API drives. */
export interface HospitalsApiUseCases {
  readonly listHospitals: Pick<ListHospitals, 'execute'>;
  readonly getHospital: Pick<GetHospital, 'execute'>;
  readonly createHospital: Pick<CreateHospital, 'execute'>;
  readonly updateHospital: Pick<UpdateHospital, 'execute'>;
  readonly deleteHospital: Pick<DeleteHospital, 'execute'>;
  readonly authenticateStaff: Pick<AuthenticateStaff, 'execute'>;
}

export interface HospitalsApiOptions {
  /** Origin clients use, without trailing slash; records' `url` and `Location` are built from it. */
  readonly publicBaseUrl: string;
  readonly originSecrets?: readonly string[];
  readonly originHeader?: string;
  readonly log?: JsonLog;
  /** Where operational counts go (lock-outs, failed logins, cache hits); nowhere when absent. */
  readonly metrics?: OperationalMetrics;
  readonly authenticationCache?: AuthenticationCacheOptions;
  /** Password checks one client address may cause per minute, per process. */
  readonly checksPerAddressPerMinute?: number;
  /** HOSP_TRUST_AUTHORIZER: every protected route sits behind API Gateway's Lambda authorizer; read the actor from its context. */
  readonly trustAuthorizer?: boolean;
  readonly maxBodyBytes?: number;
  /** HOSP_REQUEST_DEADLINE_MS, for requests without a Lambda context. */
  readonly requestDeadlineMs?: number;
  /** Where Idempotency-Keys of `POST /hospitals` are kept: the fleet's store; this process's memory when absent. */
  readonly idempotency?: IdempotentRunner;
}

/** The routes of the hospitals API; the strangler-fig gateway serves the same ones for core-routed requests. */
export function hospitalsApiRoutes(
  useCases: Omit<HospitalsApiUseCases, 'authenticateStaff'>,
  publicBaseUrl: string,
  idempotency: IdempotentRunner = new PowertoolsIdempotency(new MemoryPersistenceLayer(), stdoutJsonLog),
): Route[] {
  return [
    listHospitalsRoute(useCases.listHospitals, publicBaseUrl),
    idempotentRoute(createHospitalRoute(useCases.createHospital, publicBaseUrl), idempotency),
    getHospitalRoute(useCases.getHospital, publicBaseUrl),
    updateHospitalRoute(useCases.updateHospital, useCases.getHospital, publicBaseUrl, 'PATCH'),
    updateHospitalRoute(useCases.updateHospital, useCases.getHospital, publicBaseUrl, 'PUT'),
    deleteHospitalRoute(useCases.deleteHospital, useCases.getHospital),
    openApiRoute(publicBaseUrl),
  ];
}

/** An API Gateway proxy handler (REST API v1 or HTTP API v2 events). */
export type { ApiHandler } from './api-middleware-stack';

/**
 * The hospitals API as one Middy handler (the shared stack of `buildApiHandler`): logger,
 * security headers, error contract, event normalisation, origin check (403), routing
 * (404/405), authentication (401/429), JSON body (413/415/400). The route itself is a small
 * function over a use case.
 */
export function createHospitalsApi(useCases: HospitalsApiUseCases, options: HospitalsApiOptions): ApiHandler {
  const router = new Router(hospitalsApiRoutes(useCases, options.publicBaseUrl, options.idempotency), { head: true });
  return buildApiHandler({
    log: options.log ?? stdoutJsonLog,
    ...(options.metrics && { metrics: options.metrics }),
    ...(options.originSecrets && { originSecrets: options.originSecrets }),
    ...(options.originHeader && { originHeader: options.originHeader }),
    routing: routeResolver({ router }),
    authenticate: (credentials, context) => useCases.authenticateStaff.execute(credentials, context),
    ...(options.authenticationCache && { authenticationCache: options.authenticationCache }),
    ...(options.checksPerAddressPerMinute !== undefined && { checksPerAddressPerMinute: options.checksPerAddressPerMinute }),
    ...(options.trustAuthorizer !== undefined && { trustAuthorizer: options.trustAuthorizer }),
    ...(options.requestDeadlineMs !== undefined && { requestDeadlineMs: options.requestDeadlineMs }),
    body: jsonBody({ maxBytes: options.maxBodyBytes ?? 64 * 1024 }),
  });
}
