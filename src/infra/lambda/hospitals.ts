import 'reflect-metadata';
import type { Context } from 'aws-lambda';
import { ApiHandler } from '../../adapters/http/hospitals-api';
import { startApp } from '../app';
import { loadConfig } from '../config/config';
import { hospitalsApiFor } from '../hospitals-api-for';

// Built once per container, on the first invocation, and reused while the container is warm
// (so the authentication cache and SDK connections are too). A failed start is retried next time.
let api: Promise<ApiHandler> | undefined;

const buildApi = async (): Promise<ApiHandler> => hospitalsApiFor(await startApp(loadConfig()));

/** Lambda entry point of the hospitals API (API Gateway REST v1 or HTTP API v2 proxy events). */
export async function handler(event: unknown, context: Context) {
  api ??= buildApi().catch((error: unknown) => {
    api = undefined;
    throw error;
  });
  return (await api)(event, context);
}
