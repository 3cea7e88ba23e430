/**
 * A read attempt stopped because another attempt of the same read (its hedge, or the one it
 * hedged) answered first: not legacy's failure, never retried, never counted by the breaker.
 */
export class HedgeLostError extends Error {
  constructor() {
    super('another attempt of this read answered first');
    this.name = 'HedgeLostError';
  }
}
