import { formatBasicCredentials } from '../../src/adapters/shared/basic-credentials';

/** One request of the scripted client, with the status the document promises for it. */
export interface WalkStep {
  /** The document's path template it exercises (`/hospitals/{id}`, `/hospitals.json`…). */
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** false: no credentials (the step sets its own, or none). */
  readonly auth?: false;
  readonly expect: number;
  readonly why: string;
  /** Sent against the document on purpose: Prism may flag the request (it cannot see every fault, e.g. malformed JSON). */
  readonly invalidRequest?: true;
}

export const READER = { username: 'reader', password: 'reader password 123' };
const json = { 'content-type': 'application/json' };
const readerAuth = { authorization: formatBasicCredentials(READER) };

/**
 * Every operation of the document and the errors a client can cause, in an order that
 * leaves each step's state known: hospitals 1 and 2 exist at the start (2 is deleted on the
 * way), `reader` has the read-only role.
 */
export function contractWalk(): WalkStep[] {
  const list = (operation: string, path: string): WalkStep[] => [
    { operation, method: 'GET', path, expect: 200, why: 'the full list' },
    { operation, method: 'GET', path: `${path}?limit=1`, expect: 200, why: 'one page, Link to the next' },
    { operation, method: 'HEAD', path, expect: 200, why: 'headers of the list' },
    { operation, method: 'GET', path: `${path}?limit=0`, expect: 400, why: 'a limit out of range', invalidRequest: true },
    { operation, method: 'GET', path, auth: false, expect: 401, why: 'no credentials', invalidRequest: true },
    { operation, method: 'HEAD', path, auth: false, expect: 401, why: 'HEAD without credentials', invalidRequest: true },
    { operation, method: 'GET', path, auth: false, headers: { authorization: 'Basic d3Jvbmc6d3Jvbmc=' }, expect: 401, why: 'wrong credentials' },
  ];
  const create = (operation: string, path: string, name: string): WalkStep[] => [
    { operation, method: 'POST', path, headers: json, body: JSON.stringify({ name }), expect: 201, why: 'a new hospital' },
    { operation, method: 'POST', path, headers: json, body: JSON.stringify({ hospital: { name: `${name} II` } }), expect: 201, why: 'the Rails envelope' },
    { operation, method: 'POST', path, headers: json, body: '{}', expect: 400, why: 'no name', invalidRequest: true },
    { operation, method: 'POST', path, headers: json, body: '{"name": ', expect: 400, why: 'malformed JSON', invalidRequest: true },
    { operation, method: 'POST', path, headers: { 'content-type': 'text/plain' }, body: 'name=x', expect: 415, why: 'not JSON', invalidRequest: true },
    { operation, method: 'POST', path, headers: json, body: JSON.stringify({ name: 'x'.repeat(70 * 1024) }), expect: 413, why: 'over 64 KiB', invalidRequest: true },
    { operation, method: 'POST', path, headers: json, auth: false, body: JSON.stringify({ name }), expect: 401, why: 'no credentials', invalidRequest: true },
    { operation, method: 'POST', path, headers: { ...json, ...readerAuth }, auth: false, body: JSON.stringify({ name }), expect: 403, why: 'a read-only member' },
    { operation, method: 'DELETE', path, expect: 405, why: 'a method the path does not take', invalidRequest: true },
  ];
  const one = (operation: string, suffix: string): WalkStep[] => [
    { operation, method: 'GET', path: `/hospitals/1${suffix}`, expect: 200, why: 'one hospital' },
    { operation, method: 'HEAD', path: `/hospitals/1${suffix}`, expect: 200, why: 'its headers' },
    { operation, method: 'GET', path: `/hospitals/999${suffix}`, expect: 404, why: 'no such hospital' },
    { operation, method: 'HEAD', path: `/hospitals/999${suffix}`, expect: 404, why: 'no such hospital, HEAD' },
    { operation, method: 'GET', path: `/hospitals/abc${suffix}`, expect: 400, why: 'an id that is not a number', invalidRequest: true },
    { operation, method: 'GET', path: `/hospitals/1${suffix}`, headers: json, body: '{"name":"x"}', expect: 400, why: 'a body on GET', invalidRequest: true },
    { operation, method: 'PATCH', path: `/hospitals/1${suffix}`, headers: json, body: '{}', expect: 200, why: 'no change' },
    { operation, method: 'PATCH', path: `/hospitals/1${suffix}`, headers: json, body: JSON.stringify({ hospital: { name: 'Riverside Animal Hospital' } }), expect: 200, why: 'a rename in the envelope' },
    { operation, method: 'PATCH', path: `/hospitals/1${suffix}`, headers: { ...json, 'if-match': '"999"' }, body: '{}', expect: 412, why: 'a stale If-Match' },
    { operation, method: 'PATCH', path: `/hospitals/1${suffix}`, headers: json, body: JSON.stringify({ name: ' ' }), expect: 400, why: 'a blank name', invalidRequest: true },
    { operation, method: 'PATCH', path: `/hospitals/999${suffix}`, headers: json, body: '{}', expect: 404, why: 'no such hospital' },
    { operation, method: 'PUT', path: `/hospitals/1${suffix}`, headers: json, body: JSON.stringify({ name: 'Riverside Veterinary Hospital' }), expect: 200, why: 'a replacement' },
    { operation, method: 'PUT', path: `/hospitals/1${suffix}`, headers: json, body: '{}', expect: 400, why: 'a replacement without a name', invalidRequest: true },
    { operation, method: 'PUT', path: `/hospitals/1${suffix}`, headers: { ...json, ...readerAuth }, auth: false, body: JSON.stringify({ name: 'X' }), expect: 403, why: 'a read-only member' },
    { operation, method: 'PUT', path: `/hospitals/1${suffix}`, headers: { 'content-type': 'text/plain' }, body: 'x', expect: 415, why: 'not JSON', invalidRequest: true },
    { operation, method: 'DELETE', path: `/hospitals/1${suffix}`, headers: { 'if-match': '"999"' }, expect: 412, why: 'a stale If-Match' },
    { operation, method: 'DELETE', path: `/hospitals/1${suffix}`, headers: json, body: '{}', expect: 400, why: 'a body on DELETE', invalidRequest: true },
    { operation, method: 'DELETE', path: `/hospitals/999${suffix}`, expect: 404, why: 'no such hospital' },
    { operation, method: 'POST', path: `/hospitals/1${suffix}`, headers: json, body: '{}', expect: 405, why: 'a method the path does not take', invalidRequest: true },
  ];
  const key = { ...json, 'idempotency-key': '4f1c2a9e-0b7d-4e55-8d0a-3c9e6b2f1a47' };
  return [
    ...list('/hospitals', '/hospitals'),
    ...list('/hospitals.json', '/hospitals.json'),
    ...create('/hospitals', '/hospitals', 'Harbour Veterinary Centre'),
    ...create('/hospitals.json', '/hospitals.json', 'Meadow Vets'),
    { operation: '/hospitals', method: 'POST', path: '/hospitals', headers: key, body: '{"name":"Keyed Hospital"}', expect: 201, why: 'with an Idempotency-Key' },
    { operation: '/hospitals', method: 'POST', path: '/hospitals', headers: key, body: '{"name":"Keyed Hospital"}', expect: 201, why: 'the replay' },
    { operation: '/hospitals', method: 'POST', path: '/hospitals', headers: key, body: '{"name":"Other Hospital"}', expect: 422, why: 'the key with another body' },
    ...one('/hospitals/{id}', ''),
    ...one('/hospitals/{id}.json', '.json'),
    { operation: '/hospitals/{id}', method: 'DELETE', path: '/hospitals/2', expect: 204, why: 'deleted' },
    { operation: '/hospitals/{id}.json', method: 'DELETE', path: '/hospitals/3.json', expect: 204, why: 'deleted by the legacy spelling' },
    { operation: '/openapi.json', method: 'GET', path: '/openapi.json', auth: false, expect: 200, why: 'the document, public' },
    { operation: '/openapi.json', method: 'HEAD', path: '/openapi.json', auth: false, expect: 200, why: 'its headers' },
    { operation: '/openapi.json', method: 'GET', path: '/openapi.json', auth: false, headers: json, body: '{}', expect: 400, why: 'a body on GET', invalidRequest: true },
    { operation: '/openapi.json', method: 'POST', path: '/openapi.json', auth: false, expect: 405, why: 'a method the path does not take', invalidRequest: true },
  ];
}
