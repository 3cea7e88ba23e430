import { DomainError, upstreamUnavailable } from '../../domain/errors';
import { isJsonObject } from '../../domain/json-object';
import { LegacyResponse } from './legacy-exchange';
import { LegacyRejection, railsValidationDetails } from './legacy-rejection';

/**
 * Legacy refused the service account (401/407). Answered like an outage (the caller did
 * authenticate, with hosp), but told apart so the gateway can log the real cause.
 */
export class ServiceAccountRejected extends DomainError {
  constructor(readonly status: number) {
    super('UPSTREAM_UNAVAILABLE', 'The legacy HOSP system is unavailable; try again later.');
    this.name = 'ServiceAccountRejected';
  }

  /** What an operator must fix (the CLI prints it instead of the message). */
  get operatorDetail(): string {
    return `legacy rejected HOSP_LEGACY_AUTH (it answered ${this.status}); check the service account's name and password`;
  }
}

/**
 * The one reading of legacy's answers for every resource: one of the `expected` statuses →
 * the response; 404 → null (legacy has no such thing); 401/407 → ServiceAccountRejected;
 * any other 4xx, and 5xx answers the client does not retry (501, 505, …) → LegacyRejection
 * with legacy's status; anything else (1xx, 3xx, an unexpected 2xx) → UPSTREAM_UNAVAILABLE,
 * since legacy answered outside its contract.
 */
export function expectAnswer(response: LegacyResponse, ...expected: number[]): LegacyResponse | null {
  const { status } = response;
  if (expected.includes(status)) return response;
  if (status === 404) return null;
  if (status === 401 || status === 407) throw new ServiceAccountRejected(status);
  if (status >= 400) throw new LegacyRejection(status, status === 422 ? railsValidationDetails(response.body) : undefined);
  throw upstreamUnavailable();
}

/** The JSON body of a legacy answer; UPSTREAM_UNAVAILABLE when it is not JSON. */
export function legacyJson(response: LegacyResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    throw upstreamUnavailable();
  }
}

/** A JSON object from legacy (a record); UPSTREAM_UNAVAILABLE for anything else. */
export function legacyObject(response: LegacyResponse): Record<string, unknown> {
  const value = legacyJson(response);
  if (!isJsonObject(value)) throw upstreamUnavailable();
  return value;
}

/** A JSON array of objects from legacy (a listing); UPSTREAM_UNAVAILABLE for anything else. */
export function legacyList(response: LegacyResponse): Record<string, unknown>[] {
  const value = legacyJson(response);
  if (!Array.isArray(value) || !value.every(isJsonObject)) throw upstreamUnavailable();
  return value;
}
