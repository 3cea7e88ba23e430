import 'reflect-metadata';
import type { Context } from 'aws-lambda';
import { AuthorizerResponse } from '../../adapters/http/lambda-authorizer';
import { startApp } from '../app';
import { lambdaAuthorizerFor } from '../lambda-authorizer-for';
import { lambdaObservability } from '../lambda-start/lambda-observability';
import { lambdaStart } from '../lambda-start/lambda-start';

const observability = lambdaObservability();

// Built during the init phase, once per container, and reused while it is warm (the staff
// directory's and login throttle's DynamoDB connections, the dummy hash for unknown users).
const started = lambdaStart(async (config) => lambdaAuthorizerFor(await startApp(config, { observability })), process.env, observability.log);

/**
 * Lambda entry point of the API Gateway authorizer (HTTP API, REQUEST type, payload format
 * 2.0, simple responses): verifies the caller's HTTP Basic credentials once for API Gateway
 * to cache, and hands the functions behind it the actor (see docs/infrastructure.md). A
 * container that cannot start denies, and logs why: it fails closed. Logs, metrics and traces
 * go through Powertools (`lambda-observability.ts`).
 */
export const handler = observability.observe(async (event: unknown, context: Context): Promise<AuthorizerResponse> => {
  const authorizer = await started.get();
  if (authorizer.ok) return authorizer.value(event, context);
  observability.log({ level: 'error', msg: 'authorizer decision', requestId: context?.awsRequestId, decision: 'deny', reason: 'NOT_STARTED' });
  return { isAuthorized: false };
});
