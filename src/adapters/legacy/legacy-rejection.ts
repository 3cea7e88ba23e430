import { ErrorDetails } from '../../domain/errors';
import { isJsonObject } from '../../domain/json-object';

/**
 * Legacy answered a request with a refusal that is not about its health: a 4xx other than
 * 404, or a 5xx it is not worth retrying (501, 505, …). Carries legacy's status, and its
 * field messages when legacy sent the Rails JSON validation shape (`{"title": ["can't be
 * blank"]}`) — never its body otherwise: legacy's HTML error pages may quote what another
 * request sent.
 */
export class LegacyRejection extends Error {
  constructor(
    readonly status: number,
    readonly details?: ErrorDetails,
  ) {
    super(`legacy refused the request with ${status}`);
    this.name = 'LegacyRejection';
  }
}

export const isLegacyRejection = (e: unknown): e is LegacyRejection => e instanceof LegacyRejection;

const FIELD = /^[A-Za-z0-9_.]{1,64}$/;
const MAX_FIELDS = 20;
const MAX_MESSAGES = 10;
const MAX_MESSAGE_LENGTH = 200;

/**
 * Rails' validation messages from a 422 body, kept only in the exact shape `{field: [text]}`
 * (field names of letters, digits, `_` and `.`; short plain messages); undefined otherwise.
 */
export function railsValidationDetails(body: Buffer): ErrorDetails | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const source = isJsonObject((value as { errors?: unknown }).errors) ? (value as { errors: Record<string, unknown> }).errors : value;
  const details: ErrorDetails = {};
  for (const [field, raw] of Object.entries(source as Record<string, unknown>).slice(0, MAX_FIELDS)) {
    const messages = (Array.isArray(raw) ? raw : [raw])
      .filter((m): m is string => typeof m === 'string' && m.length > 0 && m.length <= MAX_MESSAGE_LENGTH && !/[\u0000-\u001f<>]/.test(m))
      .slice(0, MAX_MESSAGES);
    if (FIELD.test(field) && messages.length > 0) {
      Object.defineProperty(details, field, { value: messages, enumerable: true, writable: true, configurable: true });
    }
  }
  return Object.keys(details).length > 0 ? details : undefined;
}
