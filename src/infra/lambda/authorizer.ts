import 'reflect-metadata';
import type { Context } from 'aws-lambda';
import { AuthorizerResponse, LambdaAuthorizer } from '../../adapters/http/lambda-authorizer';
import { startApp } from '../app';
import { loadConfig } from '../config/config';
import { lambdaAuthorizerFor } from '../lambda-authorizer-for';

// Built once per container on the first invocation and reused while it is warm (the staff
// directory's and login throttle's DynamoDB connections, the dummy hash for unknown users).
// A failed start is retried on the next invocation.
let authorizer: Promise<LambdaAuthorizer> | undefined;

const buildAuthorizer = async (): Promise<LambdaAuthorizer> => lambdaAuthorizerFor(await startApp(loadConfig()));

/**
 * Lambda entry point of the API Gateway authorizer (HTTP API, REQUEST type, payload format
 * 2.0, simple responses): verifies the caller's HTTP Basic credentials once for API Gateway
 * to cache, and hands the functions behind it the actor (see docs/infrastructure.md).
 */
export async function handler(event: unknown, context: Context): Promise<AuthorizerResponse> {
  authorizer ??= buildAuthorizer().catch((error: unknown) => {
    authorizer = undefined;
    throw error;
  });
  return (await authorizer)(event, context);
}
