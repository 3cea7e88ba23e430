/** The current time, behind a port so tests and properties control it. */
export interface Clock {
  now(): Date;
}
