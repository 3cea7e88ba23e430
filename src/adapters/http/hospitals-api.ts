import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { CreateHospital } from '../../application/hospitals/create-hospital';
import { DeleteHospital } from '../../application/hospitals/delete-hospital';
import { GetHospital } from '../../application/hospitals/get-hospital';
import { ListHospitals } from '../../application/hospitals/list-hospitals';
import { UpdateHospital } from '../../application/hospitals/update-hospital';
import { AuthenticateStaff } from '../../application/staff/authenticate-staff';
import { stateOf } from './api-request';
import { AuthenticationCacheOptions } from './authentication-cache';
import { HttpResponse } from './http-response';
import { JsonLog, stdoutJsonLog } from './json-log';
import { apiGatewayEvent } from './middlewares/api-gateway-event';
import { errorContract } from './middlewares/error-contract';
import { jsonBody } from './middlewares/json-body';
import { originCheck } from './middlewares/origin-check';
import { requestLogger } from './middlewares/request-logger';
import { routeResolver } from './middlewares/route-resolver';
import { securityHeaders } from './middlewares/security-headers';
import { staffAuthentication } from './middlewares/staff-authentication';
import { Route, Router } from './router';
import { createHospitalRoute } from './routes/create-hospital-route';
import { deleteHospitalRoute } from './routes/delete-hospital-route';
import { getHospitalRoute } from './routes/get-hospital-route';
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
  readonly authenticationCache?: AuthenticationCacheOptions;
  readonly maxBodyBytes?: number;
}

/** The routes of the hospitals API; the strangler-fig gateway serves the same ones for core-routed requests. */
export function hospitalsApiRoutes(useCases: Omit<HospitalsApiUseCases, 'authenticateStaff'>, publicBaseUrl: string): Route[] {
  return [
    listHospitalsRoute(useCases.listHospitals, publicBaseUrl),
    createHospitalRoute(useCases.createHospital, publicBaseUrl),
    getHospitalRoute(useCases.getHospital, publicBaseUrl),
    updateHospitalRoute(useCases.updateHospital, useCases.getHospital, publicBaseUrl, 'PATCH'),
    updateHospitalRoute(useCases.updateHospital, useCases.getHospital, publicBaseUrl, 'PUT'),
    deleteHospitalRoute(useCases.deleteHospital, useCases.getHospital),
    openApiRoute(publicBaseUrl),
  ];
}

/** An API Gateway proxy handler (REST API v1 or HTTP API v2 events). */
export type ApiHandler = (event: unknown, context?: Partial<Context>) => Promise<HttpResponse>;

/**
 * The hospitals API as one Middy handler. Middlewares run in this order before the route:
 * logger, security headers, error contract (these three wrap everything), event
 * normalisation, origin check (403), routing (404/405), authentication (401/429), JSON body
 * (413/415/400). The route itself is a small function over a use case.
 */
export function createHospitalsApi(useCases: HospitalsApiUseCases, options: HospitalsApiOptions): ApiHandler {
  const { publicBaseUrl } = options;
  const log = options.log ?? stdoutJsonLog;
  const router = new Router(hospitalsApiRoutes(useCases, publicBaseUrl));

  const dispatch = async (_event: unknown, context: Context): Promise<HttpResponse> => {
    const state = stateOf(context);
    if (!state.http || !state.route) throw new Error('hospitals API: middlewares did not run');
    return state.route.route.handle({ http: state.http, params: state.route.params, actor: state.actor, body: state.body });
  };

  const handler = middy<unknown, HttpResponse, Error, Context>(dispatch)
    .use(requestLogger({ log }))
    .use(securityHeaders())
    .use(errorContract({ log }))
    .use(apiGatewayEvent())
    .use(originCheck({ secrets: options.originSecrets ?? [], header: options.originHeader ?? 'x-origin-verify' }))
    .use(routeResolver({ router }))
    .use(staffAuthentication({ authenticate: (header) => useCases.authenticateStaff.execute(header), cache: options.authenticationCache ?? {} }))
    .use(jsonBody({ maxBytes: options.maxBodyBytes ?? 64 * 1024 }));

  // A fresh context object per call: the per-request state is keyed by it.
  return (event, context = {}) => handler(event, { ...context } as Context);
}
