import { GetHospital } from '../../../application/hospitals/get-hospital';
import { UpdateHospital } from '../../../application/hospitals/update-hospital';
import { parseHospitalId } from '../../../application/validation/parse-hospital-id';
import { hospitalEtag, toHospitalRecord } from '../hospital-record';
import { jsonResponse } from '../http-response';
import { parseIfMatch } from '../if-match';
import { Route } from '../router';
import { conditionalWrite } from './conditional-write';
import { unwrapHospitalEnvelope } from './legacy-envelope';

/**
 * `PATCH /hospitals/{id}` (and `PUT`, which legacy HOSP also accepted): renames; 200 with
 * the record. If-Match makes it conditional (412 on mismatch).
 */
export function updateHospitalRoute(
  updateHospital: Pick<UpdateHospital, 'execute'>,
  getHospital: Pick<GetHospital, 'execute'>,
  publicBaseUrl: string,
  method: 'PATCH' | 'PUT' = 'PATCH',
): Route {
  return {
    method,
    path: '/hospitals/{id}',
    legacyJsonSuffix: true,
    handle: async ({ http, params, body, actor }) => {
      const id = parseHospitalId(params.id);
      const hospital = await conditionalWrite(
        parseIfMatch(http.headers.get('if-match')),
        id,
        (hospitalId) => getHospital.execute(hospitalId),
        (expected) => updateHospital.execute(id, unwrapHospitalEnvelope(body), actor!, expected),
      );
      return jsonResponse(200, toHospitalRecord(hospital, publicBaseUrl), { etag: hospitalEtag(hospital) });
    },
  };
}
