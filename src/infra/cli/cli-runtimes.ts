import { ServeRuntime } from '../../adapters/cli/commands/serve';
import { bufferedStdoutJsonLog } from '../../adapters/http/json-log';
import { StaffRuntime } from '../../adapters/cli/commands/staff';
import { RegisterStaff } from '../../application/staff/register-staff';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { App, startApp } from '../app';
import { loadConfig } from '../config/config';
import { gatewayFor } from '../gateway-for';
import { hospitalsApiFor } from '../hospitals-api-for';
import { TOKENS } from '../tokens';
import { serveBanner } from './serve-banner';

/** Starts hosp with the configuration in the environment. */
export const openApp = (): Promise<App> => startApp(loadConfig());

/** What `hosp serve` needs, from a started app: the strangler-fig gateway when HOSP_LEGACY_URL is set, else the hospitals API. */
export function serveRuntime(app: App): ServeRuntime {
  const { http } = app.config;
  // One long-lived process serving many requests at once: batch the request log's writes.
  const log = bufferedStdoutJsonLog(http.logFormat);
  return {
    handlerFor: (listeningUrl) => {
      const publicBaseUrl = http.publicBaseUrlSet ? http.publicBaseUrl : listeningUrl;
      return app.config.legacy.url
        ? gatewayFor(app, { log, handler: { publicBaseUrl } }).handler
        : hospitalsApiFor(app, { log, publicBaseUrl });
    },
    describe: (listeningUrl) => serveBanner(app.config, listeningUrl),
    port: http.port,
    staff: app.container.get<StaffDirectory>(TOKENS.StaffDirectory),
    registerStaff: app.container.get(RegisterStaff),
    close: async () => {
      await app.close();
      log.flush();
    },
  };
}

/** What `hosp staff …` needs, from a started app. */
export const staffRuntime = (app: App): StaffRuntime => app.container.get<StaffRuntime>(TOKENS.StaffRuntime);
