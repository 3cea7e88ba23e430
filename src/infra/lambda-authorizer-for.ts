import { JsonLog } from '../adapters/http/json-log';
import { createLambdaAuthorizer, LambdaAuthorizer } from '../adapters/http/lambda-authorizer';
import { AuthenticateStaff } from '../application/staff/authenticate-staff';
import { App } from './app';

/** API Gateway's Lambda authorizer over a started app: its AuthenticateStaff, origin secrets from `app.config.http`. */
export function lambdaAuthorizerFor(app: App, overrides: { log?: JsonLog } = {}): LambdaAuthorizer {
  const authenticateStaff = app.container.get(AuthenticateStaff);
  const { http } = app.config;
  return createLambdaAuthorizer({
    authenticate: (credentials, context) => authenticateStaff.execute(credentials, context),
    originSecrets: http.originSecrets,
    originHeader: http.originHeader,
    ...(overrides.log && { log: overrides.log }),
  });
}
