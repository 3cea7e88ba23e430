/**
 * The command was called wrongly (a bad flag value, a file that is not there): exit status 2,
 * so scripts can tell it from a check that failed (1). Its message is one line, shown as is.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit statuses of `hosp`: 0 done, 1 a check or operation failed, 2 called wrongly, 130 interrupted. */
export const EXIT = { failed: 1, usage: 2, interrupted: 130 } as const;
