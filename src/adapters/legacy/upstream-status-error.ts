/**
 * Legacy answered with a status that means it failed (see `isFailureStatus`). Thrown inside
 * the per-attempt policy so the circuit breaker and the retry loop see a failure; never
 * leaves the client.
 */
export class UpstreamStatusError extends Error {
  constructor(readonly status: number) {
    super(`legacy answered ${status}`);
    this.name = 'UpstreamStatusError';
  }
}
