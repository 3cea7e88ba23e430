/**
 * Rails clients may wrap the fields as `{"hospital": {...}}`; hosp accepts both forms.
 * Only an object whose sole key is `hospital` holding an object is unwrapped; anything
 * else goes to validation as sent, so stray keys are still rejected by name.
 */
export function unwrapHospitalEnvelope(body: unknown): unknown {
  if (!isPlainObject(body)) return body;
  const keys = Object.keys(body);
  if (keys.length === 1 && keys[0] === 'hospital' && isPlainObject(body.hospital)) return body.hospital;
  return body;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
