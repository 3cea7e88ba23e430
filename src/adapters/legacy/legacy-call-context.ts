/**
 * What legacy may learn about the request behind a call: the caller's address (as the
 * gateway established it, never as the caller claimed it) and hosp's request id, so legacy's
 * logs can be matched with hosp's. Nothing else of the caller's request reaches legacy.
 */
export interface LegacyCallContext {
  /** An IP address, or `unknown`. */
  readonly forwardedFor: string;
  readonly requestId: string;
}

const SAFE_VALUE = /^[A-Za-z0-9._:=-]{1,128}$/;

/** The headers that carry a call context, each left out unless it is plainly safe to send. */
export function contextHeaders(context: LegacyCallContext | undefined): Record<string, string> {
  if (!context) return {};
  const headers: Record<string, string> = {};
  if (SAFE_VALUE.test(context.forwardedFor)) headers['x-forwarded-for'] = context.forwardedFor;
  if (SAFE_VALUE.test(context.requestId)) headers['x-request-id'] = context.requestId;
  return headers;
}

/** What every request hosp sends to legacy asks for: JSON. */
export const JSON_REQUEST_HEADERS = { accept: 'application/json', 'user-agent': 'hosp-gateway' } as const;
