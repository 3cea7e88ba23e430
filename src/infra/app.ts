import 'reflect-metadata';
import { Container } from 'inversify';
import { stdoutJsonLog } from '../adapters/observability/json-log';
import { noMetrics } from '../adapters/observability/operational-metrics';
import { Config } from './config/config';
import { cliModule } from './modules/cli-module';
import { coreModule, Observability } from './modules/core-module';
import { gatewayModule } from './modules/gateway-module';
import { hospitalsModule } from './modules/hospitals-module';
import { httpModule } from './modules/http-module';
import { legacyModule, LegacyOverrides } from './modules/legacy-module';
import { migrationModule } from './modules/migration-module';
import { Shutdown } from './modules/shutdown';
import { staffModule } from './modules/staff-module';
import { storeModule } from './modules/store-module';

export type { Observability } from './modules/core-module';

/** A running hosp: resolve what to run with `app.container.get(CreateHospital)`. */
export interface App {
  readonly config: Config;
  readonly container: Container;
  /** Releases what the modules started (e.g. stops DynamoDB Local). Safe to call twice. */
  close(): Promise<void>;
}

export interface StartAppOptions {
  /** Where logs, metrics and traces go (Lambda: Powertools, `lambda-observability.ts`); stdout and nothing else by default. */
  observability?: Partial<Observability>;
  /** Runs after every module is loaded, before anything is resolved: rebind ports to fakes here. */
  configure?: (container: Container) => void | Promise<void>;
  /** Tests: legacy client and cache settings beyond what the environment can say. */
  legacy?: LegacyOverrides;
}

const LOCAL_OBSERVABILITY: Observability = { log: stdoutJsonLog, metrics: noMetrics, instrumentAwsClient: () => undefined };

/**
 * The composition root: every object of the running system comes from this container, one
 * module per area (src/infra/modules/, docs/architecture.md "Composition"). Legacy is loaded
 * before the store (HOSP_STORE=legacy builds on it), the store before what asks whether it
 * binds a port; `options.configure` may then replace any of it.
 */
export async function startApp(config: Config, options: StartAppOptions = {}): Promise<App> {
  const observability = { ...LOCAL_OBSERVABILITY, ...options.observability };
  const shutdown = new Shutdown();
  const container = new Container();
  const modules = [
    coreModule(config, observability, shutdown),
    hospitalsModule,
    staffModule,
    legacyModule(config, options.legacy ?? {}, shutdown),
    storeModule(config, { shutdown, instrumentAwsClient: observability.instrumentAwsClient }),
    httpModule(config),
    gatewayModule(config),
    migrationModule(config),
    cliModule(config),
  ];
  try {
    // One at a time, in order: loadAsync given several starts them all at once, and later
    // modules ask what the store bound.
    for (const module of modules) await container.loadAsync(module);
    await options.configure?.(container);
  } catch (error) {
    await shutdown.close();
    throw error;
  }
  return { config, container, close: () => shutdown.close() };
}
