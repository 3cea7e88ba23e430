import { JsonLog, stdoutJsonLog } from '../../adapters/observability/json-log';
import { Config, loadConfig } from '../config/config';
import { ConfigError } from '../config/config-error';
import { Env } from '../config/env-reader';

/** What a Lambda entry point builds once per container from its configuration. */
export type Build<T> = (config: Config) => Promise<T>;

/** Why a container cannot serve: its configuration, or a start that failed (tried again on the next invocation). */
export type StartFailure = { readonly kind: 'configuration'; readonly problems: readonly string[] } | { readonly kind: 'start'; readonly error: unknown };

export interface LambdaStart<T> {
  /** The built value, or why there is none (logged once per failure). */
  get(): Promise<{ ok: true; value: T } | { ok: false; failure: StartFailure }>;
}

/**
 * Reads the configuration during Lambda's init phase (when the module is loaded) and starts
 * building at once. A configuration that is not valid is logged as one structured line and
 * never retried: every invocation is answered (by the caller) without the service. A start
 * that fails for another reason (a dependency not reachable yet) is logged and tried again on
 * the next invocation.
 */
export function lambdaStart<T>(build: Build<T>, env: Env = process.env, log: JsonLog = stdoutJsonLog): LambdaStart<T> {
  let config: Config | undefined;
  let configFailure: StartFailure | undefined;
  try {
    config = loadConfig(env);
  } catch (error) {
    configFailure = error instanceof ConfigError ? { kind: 'configuration', problems: error.problems } : { kind: 'start', error };
    log({ level: 'error', msg: 'hosp cannot start: its configuration is not valid', ...describe(configFailure) });
  }
  const start = (): Promise<T> =>
    build(config!).catch((error: unknown) => {
      log({ level: 'error', msg: 'hosp could not start; the next invocation tries again', ...describe({ kind: 'start', error }) });
      pending = undefined;
      throw error;
    });
  let pending: Promise<T> | undefined = config ? start() : undefined;
  pending?.catch(() => undefined);
  return {
    async get() {
      if (configFailure) return { ok: false, failure: configFailure };
      pending ??= start();
      try {
        return { ok: true, value: await pending };
      } catch (error) {
        return { ok: false, failure: { kind: 'start', error } };
      }
    },
  };
}

function describe(failure: StartFailure): Record<string, unknown> {
  if (failure.kind === 'configuration') return { problems: failure.problems };
  const error = failure.error as Error | null;
  return { error: { name: error?.name, message: error?.message } };
}
