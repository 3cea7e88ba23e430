import { HttpError } from './http-error';

/** Visible ASCII, 1 to 255 characters: what the IETF draft's examples use (UUIDs and the like). */
const KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's `Idempotency-Key`, checked; undefined when it sent none. */
export function idempotencyKeyOf(headers: ReadonlyMap<string, string>): string | undefined {
  const key = headers.get('idempotency-key');
  if (key === undefined) return undefined;
  // Repeated headers arrive joined with commas: two keys are not one key.
  if (!KEY.test(key) || key.includes(',')) {
    throw new HttpError('BAD_REQUEST', 'Idempotency-Key must be one value of 1 to 255 visible ASCII characters without commas.');
  }
  return key;
}
