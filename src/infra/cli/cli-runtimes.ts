import { ServeRuntime } from '../../adapters/cli/commands/serve';
import { StaffRuntime } from '../../adapters/cli/commands/staff';
import { App, startApp } from '../app';
import { loadConfig } from '../config/config';
import { TOKENS } from '../tokens';

/** Starts hosp with the configuration in the environment. */
export const openApp = (): Promise<App> => startApp(loadConfig());

/** What `hosp serve` needs, from a started app (src/infra/modules/cli-module.ts). */
export const serveRuntime = (app: App): ServeRuntime => app.container.get<ServeRuntime>(TOKENS.ServeRuntime);

/** What `hosp staff …` needs, from a started app. */
export const staffRuntime = (app: App): StaffRuntime => app.container.get<StaffRuntime>(TOKENS.StaffRuntime);
