import { DomainError, upstreamUnavailable } from '../../domain/errors';

/**
 * UPSTREAM_UNAVAILABLE that knows why, for operators: clients get the usual message, while
 * the CLI and the gateway's log say what happened (`ECONNREFUSED 127.0.0.1:4000`, `legacy
 * answered 503 on every attempt`). The detail is kept off the object's own properties, so it
 * never reaches a response body by accident.
 */
export class LegacyUnavailable extends DomainError {
  readonly #detail: string;

  constructor(detail: string, retryAfterSeconds?: number) {
    super('UPSTREAM_UNAVAILABLE', upstreamUnavailable().message, undefined, retryAfterSeconds);
    this.name = 'LegacyUnavailable';
    this.#detail = detail;
  }

  /** One line for an operator: what made legacy unavailable. */
  get operatorDetail(): string {
    return `legacy HOSP is unavailable: ${this.#detail}`;
  }
}

/** The cause of a failed attempt in a few words: a socket error's code and address, a status, a time-out. */
export function describeAttemptFailure(error: unknown, target: string): string {
  const e = error as { code?: unknown; address?: unknown; port?: unknown; status?: unknown; name?: unknown } | null;
  if (typeof e?.status === 'number') return `legacy answered ${e.status}`;
  if (e?.name === 'TaskCancelledError') return `no answer from ${target} within the attempt timeout`;
  if (typeof e?.code === 'string') {
    const where = typeof e.address === 'string' ? `${e.address}${typeof e.port === 'number' ? `:${e.port}` : ''}` : target;
    return `${e.code} ${where}`;
  }
  return error instanceof Error ? error.message : String(error);
}
