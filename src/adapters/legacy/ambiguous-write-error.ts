import { DomainError } from '../../domain/errors';

/**
 * UPSTREAM_OUTCOME_UNKNOWN with what reconciliation needs: a write was sent and legacy failed
 * in a way that does not say whether it was applied.
 */
export class AmbiguousWriteError extends DomainError {
  constructor(
    /** When the first attempt started; a write found later than this may be ours. */
    readonly since: Date,
    /** True when legacy answered (a 5xx): it has finished with the request, nothing is still in flight. */
    readonly settled: boolean,
  ) {
    super(
      'UPSTREAM_OUTCOME_UNKNOWN',
      'The legacy HOSP system failed while handling this write; it may or may not have been applied.',
    );
    this.name = 'AmbiguousWriteError';
  }
}
