import { ApiHandler, HospitalsApiOptions } from '../adapters/http/hospitals-api';
import { App } from './app';
import { HospitalsApiFactory } from './modules/http-module';
import { TOKENS } from './tokens';

/** The hospitals API handler of a started app (src/infra/modules/http-module.ts); `overrides` is for tests and `hosp serve`. */
export const hospitalsApiFor = (app: App, overrides: Partial<HospitalsApiOptions> = {}): ApiHandler =>
  app.container.get<HospitalsApiFactory>(TOKENS.HospitalsApi)(overrides);
