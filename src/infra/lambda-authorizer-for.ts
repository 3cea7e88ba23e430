import { JsonLog } from '../adapters/observability/json-log';
import { LambdaAuthorizer } from '../adapters/http/lambda-authorizer';
import { App } from './app';
import { LambdaAuthorizerFactory } from './modules/http-module';
import { TOKENS } from './tokens';

/** API Gateway's Lambda authorizer of a started app (src/infra/modules/http-module.ts). */
export const lambdaAuthorizerFor = (app: App, overrides: { log?: JsonLog } = {}): LambdaAuthorizer =>
  app.container.get<LambdaAuthorizerFactory>(TOKENS.LambdaAuthorizer)(overrides);
