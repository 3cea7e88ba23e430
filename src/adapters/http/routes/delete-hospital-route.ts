import { DeleteHospital } from '../../../application/hospitals/delete-hospital';
import { GetHospital } from '../../../application/hospitals/get-hospital';
import { parseHospitalId } from '../../../application/validation/parse-hospital-id';
import { jsonResponse } from '../http-response';
import { parseIfMatch } from '../if-match';
import { Route } from '../router';
import { conditionalWrite } from './conditional-write';

/** `DELETE /hospitals/{id}`: 204. If-Match makes it conditional (412 on mismatch). */
export function deleteHospitalRoute(
  deleteHospital: Pick<DeleteHospital, 'execute'>,
  getHospital: Pick<GetHospital, 'execute'>,
): Route {
  return {
    method: 'DELETE',
    path: '/hospitals/{id}',
    legacyJsonSuffix: true,
    handle: async ({ http, params, actor }) => {
      const id = parseHospitalId(params.id);
      await conditionalWrite(
        parseIfMatch(http.headers.get('if-match')),
        id,
        (hospitalId) => getHospital.execute(hospitalId),
        (expected) => deleteHospital.execute(id, actor!, expected),
      );
      return jsonResponse(204, undefined);
    },
  };
}
