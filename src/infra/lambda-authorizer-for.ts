import { JsonLog } from '../adapters/http/json-log';
import { createLambdaAuthorizer, LambdaAuthorizer } from '../adapters/http/lambda-authorizer';
import { OperationalMetrics } from '../adapters/observability/operational-metrics';
import { AuthenticateStaff } from '../application/staff/authenticate-staff';
import { App } from './app';
import { TOKENS } from './tokens';

/** API Gateway's Lambda authorizer over a started app: its AuthenticateStaff, origin secrets from `app.config.http`. */
export function lambdaAuthorizerFor(app: App, overrides: { log?: JsonLog } = {}): LambdaAuthorizer {
  const authenticateStaff = app.container.get(AuthenticateStaff);
  const { http } = app.config;
  return createLambdaAuthorizer({
    authenticate: (credentials, context) => authenticateStaff.execute(credentials, context),
    originSecrets: http.originSecrets,
    originHeader: http.originHeader,
    log: overrides.log ?? app.container.get<JsonLog>(TOKENS.Log),
    metrics: app.container.get<OperationalMetrics>(TOKENS.Metrics),
  });
}
