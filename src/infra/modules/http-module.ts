import { ContainerModule } from 'inversify';
import { ApiHandler, createHospitalsApi, HospitalsApiOptions } from '../../adapters/http/hospitals-api';
import { JsonLog } from '../../adapters/observability/json-log';
import { createLambdaAuthorizer, LambdaAuthorizer } from '../../adapters/http/lambda-authorizer';
import { IdempotentRunner } from '../../adapters/idempotency/idempotent-runner';
import { OperationalMetrics } from '../../adapters/observability/operational-metrics';
import { AuthenticateStaff } from '../../application/staff/authenticate-staff';
import { Config } from '../config/config';
import { HospitalUseCases } from './hospitals-module';
import { TOKENS } from '../tokens';

/** Makes the hospitals API handler; `overrides` (a request log, the listening URL, test settings) win over the configuration. */
export type HospitalsApiFactory = (overrides?: Partial<HospitalsApiOptions>) => ApiHandler;
/** Makes API Gateway's Lambda authorizer, with its own log when given one. */
export type LambdaAuthorizerFactory = (overrides?: { log?: JsonLog }) => LambdaAuthorizer;

/** What every HTTP handler takes from HOSP_* settings (the gateway's too). */
export const httpSettings = (config: Config) => {
  const { http, auth } = config;
  return {
    publicBaseUrl: http.publicBaseUrl,
    originSecrets: http.originSecrets,
    originHeader: http.originHeader,
    checksPerAddressPerMinute: auth.loginRatePerMinute,
    trustAuthorizer: http.trustAuthorizer,
    requestDeadlineMs: http.requestDeadlineMs,
  };
};

/** The HTTP entry points over the core: the hospitals API and API Gateway's Lambda authorizer. */
export const httpModule = (config: Config): ContainerModule =>
  new ContainerModule(({ bind }) => {
    bind<HospitalsApiFactory>(TOKENS.HospitalsApi)
      .toResolvedValue(
        (hospitals: HospitalUseCases, authenticateStaff: AuthenticateStaff, idempotency: IdempotentRunner, log: JsonLog, metrics: OperationalMetrics): HospitalsApiFactory =>
          (overrides = {}) =>
            createHospitalsApi({ ...hospitals, authenticateStaff }, { ...httpSettings(config), idempotency, log, metrics, ...overrides }),
        [TOKENS.HospitalUseCases, AuthenticateStaff, TOKENS.IdempotentRunner, TOKENS.Log, TOKENS.Metrics],
      )
      .inSingletonScope();
    bind<LambdaAuthorizerFactory>(TOKENS.LambdaAuthorizer)
      .toResolvedValue(
        (authenticateStaff: AuthenticateStaff, log: JsonLog, metrics: OperationalMetrics): LambdaAuthorizerFactory =>
          (overrides = {}) =>
            createLambdaAuthorizer({
              authenticate: (credentials, context) => authenticateStaff.execute(credentials, context),
              originSecrets: config.http.originSecrets,
              originHeader: config.http.originHeader,
              log: overrides.log ?? log,
              metrics,
            }),
        [AuthenticateStaff, TOKENS.Log, TOKENS.Metrics],
      )
      .inSingletonScope();
  });
