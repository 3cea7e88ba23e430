import { jsonResponse } from '../http-response';
import { Route } from '../router';
import openApiDocument from '../openapi.json';

/** `GET /openapi.json`: the API description, public so tools can read it; cacheable for five minutes. */
export function openApiRoute(publicBaseUrl: string): Route {
  const body = { ...openApiDocument, servers: [{ url: publicBaseUrl, description: 'This environment (HOSP_PUBLIC_BASE_URL).', 'x-internal': false }] };
  return {
    method: 'GET',
    path: '/openapi.json',
    public: true,
    handle: async () => jsonResponse(200, body, { 'cache-control': 'public, max-age=300' }),
  };
}
