/**
 * Legacy's answer grew past `maxResponseBytes`. Legacy did answer, so this is not legacy
 * failing: it is never retried (the same request gets the same answer) and never counted by
 * the circuit breaker (one member growing a record must not cut legacy off for everyone).
 */
export class LegacyAnswerTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`legacy's answer is larger than ${limitBytes} bytes`);
    this.name = 'LegacyAnswerTooLargeError';
  }
}
