import 'reflect-metadata';
import { startApp } from '../app';
import { gatewayFor } from '../gateway-for';
import { hospitalsApiFor } from '../hospitals-api-for';
import { apiEntry } from '../lambda-start/api-entry';
import { lambdaObservability } from '../lambda-start/lambda-observability';

const observability = lambdaObservability();

/**
 * Lambda entry point of the strangler-fig gateway (API Gateway REST v1 or HTTP API v2 proxy
 * events): every request is authenticated, then served by the core or forwarded to legacy
 * HOSP according to HOSP_ROUTES; once legacy is retired (no HOSP_LEGACY_URL), just the core's
 * API. Built during the init phase, once per container, so the circuit breaker, retry budget,
 * read cache and authentication cache carry across requests. Shadow reads (HOSP_SHADOW) are
 * best effort here: Lambda may freeze the container before a background comparison finishes
 * (its metrics then go out with the next invocation's). Logs, metrics and traces go through
 * Powertools (`lambda-observability.ts`).
 */
export const handler = observability.observe(
  apiEntry(async (config) => {
    const app = await startApp(config, { observability });
    return app.config.legacy.url ? gatewayFor(app).handler : hospitalsApiFor(app);
  }, process.env, observability.log),
);
