import 'reflect-metadata';
import { startApp } from '../app';
import { hospitalsApiFor } from '../hospitals-api-for';
import { apiEntry } from '../lambda-start/api-entry';
import { lambdaObservability } from '../lambda-start/lambda-observability';

const observability = lambdaObservability();

/**
 * Lambda entry point of the hospitals API (API Gateway REST v1 or HTTP API v2 proxy events).
 * The configuration is read and the app started during the init phase, once per container,
 * and reused while it is warm (the authentication cache and SDK connections with it). Logs,
 * metrics and traces go through Powertools (`lambda-observability.ts`).
 */
export const handler = observability.observe(
  apiEntry(async (config) => hospitalsApiFor(await startApp(config, { observability })), process.env, observability.log),
);
