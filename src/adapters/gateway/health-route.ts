import { Route } from '../http/router';

/**
 * `GET /` and `HEAD /`: the gateway's own health check, public and answered without calling
 * legacy (a health check must not add load to a struggling upstream). The body is legacy's,
 * `Server is online.` as `text/html`, so existing monitors keep working after the switch.
 */
export function healthRoutes(): Route[] {
  const answer = (withBody: boolean) => async () => ({
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: withBody ? 'Server is online.' : '',
  });
  return [
    { method: 'GET', path: '/', public: true, handle: answer(true) },
    { method: 'HEAD', path: '/', public: true, handle: answer(false) },
  ];
}
