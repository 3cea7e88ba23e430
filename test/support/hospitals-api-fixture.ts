import { CreateHospital } from '../../src/application/hospitals/create-hospital';
import { DeleteHospital } from '../../src/application/hospitals/delete-hospital';
import { GetHospital } from '../../src/application/hospitals/get-hospital';
import { ListHospitals } from '../../src/application/hospitals/list-hospitals';
import { UpdateHospital } from '../../src/application/hospitals/update-hospital';
import { AuthenticateStaff } from '../../src/application/staff/authenticate-staff';
import { formatBasicCredentials } from '../../src/adapters/shared/basic-credentials';
import { RegisterStaff } from '../../src/application/staff/register-staff';
import { createHospitalsApi, HospitalsApiOptions } from '../../src/adapters/http/hospitals-api';
import { HttpResponse } from '../../src/adapters/http/http-response';
import { SYSTEM_ACTOR } from '../../src/domain/staff';
import { TestRequest, v1Event, v2Event } from './api-gateway-events';
import { inMemoryCore } from './in-memory-core';

export const BASE_URL = 'https://hosp.example';
export const STAFF_PASSWORD = 'correct horse battery staple';
export const STAFF_AUTH = formatBasicCredentials({ username: 'alice', password: STAFF_PASSWORD });
export const WRONG_AUTH = formatBasicCredentials({ username: 'alice', password: 'not the password at all' });

export type PayloadFormat = 'v1' | 'v2';

/**
 * The hospitals API over in-memory adapters with a manual clock and a cheap hasher, one
 * member of staff (`alice`), and every log line captured.
 */
export async function hospitalsApiFixture(options: Partial<HospitalsApiOptions> = {}) {
  const core = inMemoryCore();
  const logs: Record<string, unknown>[] = [];
  const useCases = {
    listHospitals: new ListHospitals(core.hospitals),
    getHospital: new GetHospital(core.hospitals),
    createHospital: new CreateHospital(core.hospitals, core.hospitalIds, core.clock),
    updateHospital: new UpdateHospital(core.hospitals, core.clock),
    deleteHospital: new DeleteHospital(core.hospitals, core.clock),
    authenticateStaff: new AuthenticateStaff(core.staff, core.hasher, core.throttle),
  };
  const alice = await new RegisterStaff(core.staff, core.staffIds, core.hasher, core.audit, core.clock).execute(
    { username: 'alice', password: STAFF_PASSWORD, role: 'admin' },
    SYSTEM_ACTOR,
  );
  const handler = createHospitalsApi(useCases, { publicBaseUrl: BASE_URL, log: (e) => logs.push(e), ...options });
  const call = async (request: TestRequest, format: PayloadFormat = 'v2'): Promise<HttpResponse> =>
    handler(format === 'v2' ? v2Event(request) : v1Event(request), { awsRequestId: 'lambda-request-id' });
  /** A call with alice's credentials (and JSON content type when there is a body). */
  const authed = (request: TestRequest, format: PayloadFormat = 'v2'): Promise<HttpResponse> =>
    call(
      {
        ...request,
        headers: {
          authorization: STAFF_AUTH,
          ...(request.body !== undefined && { 'content-type': 'application/json' }),
          ...request.headers,
        },
      },
      format,
    );
  const seed = (name: string) => useCases.createHospital.execute({ name }, { staffId: alice.staffId, username: 'alice', role: 'admin', legacyStaffId: null });
  return { core, logs, useCases, handler, call, authed, seed, alice };
}

export const parse = (response: HttpResponse): any => JSON.parse(response.body);
