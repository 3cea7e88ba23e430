import 'reflect-metadata';
import type { Context } from 'aws-lambda';
import { ApiHandler } from '../../adapters/http/hospitals-api';
import { startApp } from '../app';
import { loadConfig } from '../config/config';
import { gatewayFor } from '../gateway-for';
import { hospitalsApiFor } from '../hospitals-api-for';

// Built once per container on the first invocation and reused while it is warm, so the
// circuit breaker, retry budget, read cache and authentication cache carry across requests.
// A failed start is retried on the next invocation.
let gateway: Promise<ApiHandler> | undefined;

/** The gateway in front of legacy; once legacy is retired (no HOSP_LEGACY_URL), just the core's API. */
async function buildGateway(): Promise<ApiHandler> {
  const app = await startApp(loadConfig());
  return app.config.legacy.url ? gatewayFor(app).handler : hospitalsApiFor(app);
}

/**
 * Lambda entry point of the strangler-fig gateway (API Gateway REST v1 or HTTP API v2 proxy
 * events): every request is authenticated, then served by the core or forwarded to legacy
 * HOSP according to HOSP_ROUTES. Shadow reads (HOSP_SHADOW) are best effort here: Lambda may
 * freeze the container before a background comparison finishes.
 */
export async function handler(event: unknown, context: Context) {
  gateway ??= buildGateway().catch((error: unknown) => {
    gateway = undefined;
    throw error;
  });
  return (await gateway)(event, context);
}
