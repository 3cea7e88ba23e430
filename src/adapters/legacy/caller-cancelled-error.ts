/**
 * An attempt abandoned because the caller went away (e.g. a cache fetch whose key a write
 * dropped). It says nothing about legacy: never counted against the circuit, never retried.
 */
export class CallerCancelledError extends Error {
  constructor() {
    super('the caller cancelled the request');
    this.name = 'CallerCancelledError';
  }
}
