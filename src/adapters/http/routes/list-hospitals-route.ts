import { validationFailed } from '../../../domain/errors';
import { ListHospitals } from '../../../application/hospitals/list-hospitals';
import { toHospitalRecord } from '../hospital-record';
import { jsonResponse } from '../http-response';
import { Route } from '../router';

const DECIMAL = /^[0-9]{1,10}$/;

/** Query parameters become a plain object for the use case, which names unknown or bad ones. */
function queryObject(query: ReadonlyMap<string, readonly string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, values] of query) {
    if (values.length > 1) throw validationFailed({ [name]: ['must be given at most once'] }, 'The query is not valid.');
    const value = values[0];
    Object.defineProperty(out, name, {
      value: name === 'limit' && value !== undefined && DECIMAL.test(value) ? Number(value) : value,
      enumerable: true,
    });
  }
  return out;
}

/** `GET /hospitals`: a plain array, newest id first, as legacy HOSP; `?limit=&cursor=` pages, with the next page in `Link`. */
export function listHospitalsRoute(listHospitals: Pick<ListHospitals, 'execute'>, publicBaseUrl: string): Route {
  return {
    method: 'GET',
    path: '/hospitals',
    legacyJsonSuffix: true,
    handle: async ({ http }) => {
      const query = queryObject(http.query);
      const page = await listHospitals.execute(query);
      const headers: Record<string, string> = {};
      if (page.nextCursor !== undefined) {
        const next = new URLSearchParams();
        if (query.limit !== undefined) next.set('limit', String(query.limit));
        next.set('cursor', page.nextCursor);
        headers.link = `<${publicBaseUrl}/hospitals?${next}>; rel="next"`;
      }
      return jsonResponse(200, page.items.map((h) => toHospitalRecord(h, publicBaseUrl)), headers);
    },
  };
}
