/**
 * Rails clients may wrap the fields as `{"<resource>": {...}}` (`{"hospital": {...}}`,
 * `{"note": {...}}`); hosp accepts both forms. Only an object whose sole key is `resource`
 * holding an object is unwrapped; anything else goes to validation as sent, so stray keys
 * are still rejected by name.
 */
export function unwrapEnvelope(body: unknown, resource: string): unknown {
  if (!isPlainObject(body)) return body;
  const keys = Object.keys(body);
  if (keys.length === 1 && keys[0] === resource && isPlainObject(body[resource])) return body[resource];
  return body;
}

export const unwrapHospitalEnvelope = (body: unknown): unknown => unwrapEnvelope(body, 'hospital');

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
