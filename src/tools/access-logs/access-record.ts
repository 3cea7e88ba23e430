/**
 * One request read from any access-log format, in the terms the analysis needs. Parsers
 * fill one reused instance per line (the hot path allocates no record objects); its
 * content is valid until the next line is parsed.
 */
export class AccessRecord {
  /** When the response was completed, in ms since the epoch (fractions kept: ALB logs µs). */
  epochMs = 0;
  /** Status the client received; null when none was logged (`-`). */
  status: number | null = null;
  /** Who produced the 5xx: 0 the front component, 1 what is behind it, -1 not a 5xx. */
  producer: -1 | 0 | 1 = -1;
  /** Whole time the component took (ms); null when not measured. */
  totalMs: number | null = null;
  /** Time spent behind the component (ALB target, CloudFront first byte, API integration); null when not measured. */
  innerMs: number | null = null;
  /** Route key (`GET /hospitals/{id}`). */
  route = '';
  /** The time as logged, made into text only when needed (a new earliest or latest entry). */
  timeText: () => string = () => new Date(this.epochMs).toISOString();
}

/** Where a parser sends what it read from one line. */
export interface RecordSink {
  /** A request was read into the record. */
  record(record: AccessRecord): void;
  /** The line (or one event in it) is not a valid entry. */
  malformed(reason: string): void;
}
