import {
  alreadyExists,
  DomainError,
  forbidden,
  isDomainError,
  lockedOut,
  notFound,
  unauthenticated,
  upstreamAnswerTooLarge,
  upstreamOutcomeUnknown,
  upstreamUnavailable,
  validationFailed,
  versionConflict,
} from '../../../src/domain/errors';

describe('domain errors', () => {
  it.each([
    [validationFailed({ name: ['bad'] }), 'VALIDATION_FAILED'],
    [notFound('Hospital'), 'NOT_FOUND'],
    [alreadyExists('Hospital'), 'ALREADY_EXISTS'],
    [versionConflict('Hospital'), 'VERSION_CONFLICT'],
    [unauthenticated(), 'UNAUTHENTICATED'],
    [lockedOut(30), 'LOCKED_OUT'],
    [forbidden(), 'FORBIDDEN'],
    [upstreamUnavailable(5), 'UPSTREAM_UNAVAILABLE'],
    [upstreamOutcomeUnknown(), 'UPSTREAM_OUTCOME_UNKNOWN'],
    [upstreamAnswerTooLarge(), 'UPSTREAM_ANSWER_TOO_LARGE'],
  ])('%s carries the stable code %s', (error, code) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe('DomainError');
    expect(isDomainError(error)).toBe(true);
  });

  it('carries details and retry hints for the client', () => {
    expect(validationFailed({ name: ['bad'] }, 'Nope.')).toMatchObject({ message: 'Nope.', details: { name: ['bad'] } });
    expect(lockedOut(30).retryAfterSeconds).toBe(30);
    expect(upstreamUnavailable(7).retryAfterSeconds).toBe(7);
    expect(upstreamUnavailable().retryAfterSeconds).toBeUndefined();
    expect(forbidden('Admins only.').message).toBe('Admins only.');
  });

  it('tells domain errors from anything else', () => {
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError({ code: 'NOT_FOUND' })).toBe(false);
  });
});
