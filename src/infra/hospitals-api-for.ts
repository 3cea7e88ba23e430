import { createHospitalsApi, ApiHandler, HospitalsApiOptions } from '../adapters/http/hospitals-api';
import { CreateHospital } from '../application/hospitals/create-hospital';
import { DeleteHospital } from '../application/hospitals/delete-hospital';
import { GetHospital } from '../application/hospitals/get-hospital';
import { ListHospitals } from '../application/hospitals/list-hospitals';
import { UpdateHospital } from '../application/hospitals/update-hospital';
import { AuthenticateStaff } from '../application/staff/authenticate-staff';
import { JsonLog } from '../adapters/http/json-log';
import { OperationalMetrics } from '../adapters/observability/operational-metrics';
import { App } from './app';
import { TOKENS } from './tokens';

/** The hospitals API handler over a started app, configured from `app.config.http`; `overrides` is for tests. */
export function hospitalsApiFor(app: App, overrides: Partial<HospitalsApiOptions> = {}): ApiHandler {
  const { http } = app.config;
  return createHospitalsApi(
    {
      listHospitals: app.container.get(ListHospitals),
      getHospital: app.container.get(GetHospital),
      createHospital: app.container.get(CreateHospital),
      updateHospital: app.container.get(UpdateHospital),
      deleteHospital: app.container.get(DeleteHospital),
      authenticateStaff: app.container.get(AuthenticateStaff),
    },
    {
      publicBaseUrl: http.publicBaseUrl,
      originSecrets: http.originSecrets,
      originHeader: http.originHeader,
      checksPerAddressPerMinute: app.config.auth.loginRatePerMinute,
      trustAuthorizer: http.trustAuthorizer,
      requestDeadlineMs: http.requestDeadlineMs,
      idempotency: app.container.get(TOKENS.IdempotentRunner),
      log: app.container.get<JsonLog>(TOKENS.Log),
      metrics: app.container.get<OperationalMetrics>(TOKENS.Metrics),
      ...overrides,
    },
  );
}
