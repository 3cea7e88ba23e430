import { CreateHospital } from '../../../application/hospitals/create-hospital';
import { hospitalEtag, hospitalUrl, toHospitalRecord } from '../hospital-record';
import { jsonResponse } from '../http-response';
import { Route } from '../router';
import { unwrapHospitalEnvelope } from './legacy-envelope';

/** `POST /hospitals` with `{"name"}` or `{"hospital": {"name"}}`: 201, the record, and `Location`. */
export function createHospitalRoute(createHospital: Pick<CreateHospital, 'execute'>, publicBaseUrl: string): Route {
  return {
    method: 'POST',
    path: '/hospitals',
    legacyJsonSuffix: true,
    handle: async ({ body, actor }) => {
      const hospital = await createHospital.execute(unwrapHospitalEnvelope(body), actor!);
      return jsonResponse(201, toHospitalRecord(hospital, publicBaseUrl), {
        location: hospitalUrl(publicBaseUrl, hospital.id, false),
        etag: hospitalEtag(hospital),
      });
    },
  };
}
