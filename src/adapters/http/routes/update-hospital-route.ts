import { GetHospital } from '../../../application/hospitals/get-hospital';
import { UpdateHospital } from '../../../application/hospitals/update-hospital';
import { parseHospitalId } from '../../../application/validation/parse-hospital-id';
import { hospitalEtag, toHospitalRecord } from '../hospital-record';
import { jsonResponse } from '../http-response';
import { parseIfMatch } from '../if-match';
import { Route } from '../router';
import { validationFailed } from '../../../domain/errors';
import { conditionalWrite } from './conditional-write';
import { unwrapHospitalEnvelope } from './legacy-envelope';

/**
 * `PATCH /hospitals/{id}` changes the fields sent; `PUT` (which legacy HOSP also accepted)
 * replaces them, so every field (`name`) is required. 200 with the record. If-Match makes
 * either conditional (412 on mismatch).
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
      const fields = unwrapHospitalEnvelope(body);
      if (method === 'PUT') assertEveryField(fields);
      const hospital = await conditionalWrite(
        parseIfMatch(http.headers.get('if-match')),
        id,
        (hospitalId) => getHospital.execute(hospitalId),
        (expected) => updateHospital.execute(id, fields, actor!, expected),
      );
      return jsonResponse(200, toHospitalRecord(hospital, publicBaseUrl), { etag: hospitalEtag(hospital) });
    },
  };
}

/** A replacement names every field; anything that is not an object is left to the use case's validation. */
function assertEveryField(fields: unknown): void {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return;
  if (!Object.hasOwn(fields, 'name')) throw validationFailed({ name: ['is required: PUT replaces every field (PATCH changes some)'] });
}
