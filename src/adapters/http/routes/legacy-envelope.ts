import { isJsonObject } from '../../../domain/json-object';

/**
 * Rails clients may wrap the fields as `{"<resource>": {...}}` (`{"hospital": {...}}`,
 * `{"note": {...}}`); hosp accepts both forms. Only an object whose sole key is `resource`
 * holding an object is unwrapped; anything else goes to validation as sent, so stray keys
 * are still rejected by name.
 */
export function unwrapEnvelope(body: unknown, resource: string): unknown {
  if (!isJsonObject(body)) return body;
  const keys = Object.keys(body);
  if (keys.length === 1 && keys[0] === resource && isJsonObject(body[resource])) return body[resource];
  return body;
}

export const unwrapHospitalEnvelope = (body: unknown): unknown => unwrapEnvelope(body, 'hospital');
