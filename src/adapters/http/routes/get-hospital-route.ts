import { GetHospital } from '../../../application/hospitals/get-hospital';
import { hospitalEtag, toHospitalRecord } from '../hospital-record';
import { jsonResponse } from '../http-response';
import { Route } from '../router';

/** `GET /hospitals/{id}`: the record, with its version as ETag for a later If-Match. */
export function getHospitalRoute(getHospital: Pick<GetHospital, 'execute'>, publicBaseUrl: string): Route {
  return {
    method: 'GET',
    path: '/hospitals/{id}',
    legacyJsonSuffix: true,
    handle: async ({ params }) => {
      const hospital = await getHospital.execute(params.id);
      return jsonResponse(200, toHospitalRecord(hospital, publicBaseUrl), { etag: hospitalEtag(hospital) });
    },
  };
}
