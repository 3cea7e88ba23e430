import type { AccessLogParser } from './access-log-parser';
import type { AccessRecord, RecordSink } from './access-record';
import { routeOfPath } from './route-of-request';
import { dateAndTimeToEpochMs, digitsAt } from './utc-time';

/*
 * CloudFront standard logs (legacy, and v2 in its W3C output): tab-separated, preceded by
 * `#Version: 1.0` and `#Fields: date time …` lines. The `#Fields` line says which column
 * holds what, so fields CloudFront adds (or v2's chosen subset and order) never shift the
 * ones read here; columns beyond the listed ones (the documented example ends a line with
 * a stray tab) are ignored. Without a header, the 33 documented fields in their order.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html
 */

/** The documented fields, in their default order. */
export const CLOUDFRONT_FIELDS = [
  'date', 'time', 'x-edge-location', 'sc-bytes', 'c-ip', 'cs-method', 'cs(Host)', 'cs-uri-stem', 'sc-status',
  'cs(Referer)', 'cs(User-Agent)', 'cs-uri-query', 'cs(Cookie)', 'x-edge-result-type', 'x-edge-request-id',
  'x-host-header', 'cs-protocol', 'cs-bytes', 'time-taken', 'x-forwarded-for', 'ssl-protocol', 'ssl-cipher',
  'x-edge-response-result-type', 'cs-protocol-version', 'fle-status', 'fle-encrypted-fields', 'c-port',
  'time-to-first-byte', 'x-edge-detailed-result-type', 'sc-content-type', 'sc-content-len', 'sc-range-start',
  'sc-range-end',
] as const;

const REQUIRED = ['date', 'time', 'cs-method', 'cs-uri-stem', 'sc-status', 'time-taken'] as const;
const TAB = '\t';

/**
 * Result types under which a 5xx is the origin's answer passed on (`Error`: the origin
 * answered an error, or one is served from cache); any other type with a 5xx (Origin*Error,
 * AbortedOrigin, CapacityExceeded, LimitExceeded, …) means CloudFront itself produced it.
 */
const ORIGIN_RESULT_TYPES = new Set(['Error', 'Miss', 'Hit', 'RefreshHit', 'OriginShieldHit', 'Redirect']);

/** Column positions of the fields the analysis reads; -1 when the file does not log one. */
interface Columns {
  date: number;
  time: number;
  method: number;
  stem: number;
  status: number;
  timeTaken: number;
  firstByte: number;
  resultType: number;
  detailedResultType: number;
  /** Columns that must be present on every line: one more than the largest required index. */
  needed: number;
  /** Columns worth splitting out: one more than the largest index read. */
  read: number;
}

function columnsOf(fields: readonly string[]): Columns | string {
  const missing = REQUIRED.filter((name) => !fields.includes(name));
  if (missing.length > 0) return `#Fields lacks ${missing.join(', ')}`;
  const at = (name: string): number => fields.indexOf(name);
  return {
    date: at('date'),
    time: at('time'),
    method: at('cs-method'),
    stem: at('cs-uri-stem'),
    status: at('sc-status'),
    timeTaken: at('time-taken'),
    firstByte: at('time-to-first-byte'),
    resultType: at('x-edge-result-type'),
    detailedResultType: at('x-edge-detailed-result-type'),
    needed: Math.max(...REQUIRED.map(at)) + 1,
    read: Math.min(MAX_FIELDS, Math.max(...REQUIRED.map(at), at('time-to-first-byte'), at('x-edge-result-type'), at('x-edge-detailed-result-type')) + 1),
  };
}

const MAX_FIELDS = 256;
const DEFAULT_COLUMNS = columnsOf(CLOUDFRONT_FIELDS) as Columns;

/** CloudFront standard-log lines as access records. */
export class CloudFrontRecordParser implements AccessLogParser {
  readonly format = 'cloudfront' as const;
  private columns: Columns | string = DEFAULT_COLUMNS;
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  private line = '';
  private readonly timeText = (): string => {
    const c = this.columns as Columns;
    return `${this.field(c.date)}T${this.field(c.time)}Z`;
  };

  parse(line: string, record: AccessRecord, sink: RecordSink): void {
    if (line.charCodeAt(0) === 35 /* # */) {
      this.header(line);
      return;
    }
    const columns = this.columns;
    if (typeof columns === 'string') {
      sink.malformed(columns);
      return;
    }
    const count = this.split(line, columns.read);
    if (count < columns.needed) {
      sink.malformed(`expected at least ${columns.needed} tab-separated fields, found ${count}`);
      return;
    }
    const epochMs = dateAndTimeToEpochMs(line, this.starts[columns.date]!, this.ends[columns.date]!, this.starts[columns.time]!, this.ends[columns.time]!);
    if (Number.isNaN(epochMs)) {
      sink.malformed(`bad date or time "${clip(this.field(columns.date))} ${clip(this.field(columns.time))}"`);
      return;
    }
    const status = this.ends[columns.status]! - this.starts[columns.status]! === 3 ? digitsAt(line, this.starts[columns.status]!, this.ends[columns.status]!) : -1;
    if (status < 0) {
      sink.malformed(`bad sc-status "${clip(this.field(columns.status))}"`);
      return;
    }
    const totalMs = this.seconds(columns.timeTaken);
    if (totalMs === undefined) {
      sink.malformed(`bad time-taken "${clip(this.field(columns.timeTaken))}"`);
      return;
    }
    const firstByteMs = columns.firstByte < count ? this.seconds(columns.firstByte) : null;
    record.epochMs = epochMs;
    record.status = status;
    record.producer = status >= 500 && status <= 599 ? this.producerOf5xx(columns, count) : -1;
    record.totalMs = totalMs;
    record.innerMs = firstByteMs ?? null;
    record.route = routeOfPath(this.field(columns.method), this.field(columns.stem));
    record.timeText = this.timeText;
    sink.record(record);
  }

  /** `#Fields: …` sets the column map for the lines below it; `#Version` and other comments are skipped. */
  private header(line: string): void {
    const match = /^#Fields:\s*(.*?)\s*$/.exec(line);
    if (match !== null) this.columns = columnsOf(match[1]!.split(/\s+/));
  }

  private producerOf5xx(columns: Columns, count: number): 0 | 1 {
    const index = columns.detailedResultType >= 0 && columns.detailedResultType < count ? columns.detailedResultType : columns.resultType;
    if (index < 0 || index >= count) return 1;
    return ORIGIN_RESULT_TYPES.has(this.field(index)) ? 1 : 0;
  }

  /** Records the boundaries of the first `limit` fields; returns how many were found (at most `limit`). */
  private split(line: string, limit: number): number {
    this.line = line;
    let end = line.length;
    if (end > 0 && line.charCodeAt(end - 1) === 13) end -= 1; // CRLF files
    let start = 0;
    let count = 0;
    for (;;) {
      let tab = line.indexOf(TAB, start);
      if (tab < 0 || tab > end) tab = end;
      this.starts[count] = start;
      this.ends[count] = tab;
      count += 1;
      if (tab >= end || count >= limit) return count;
      start = tab + 1;
    }
  }

  private field(index: number): string {
    return this.line.slice(this.starts[index], this.ends[index]);
  }

  /** Seconds with up to 3 decimals (`0.102`) → ms; `-` → null; garbage → undefined. */
  private seconds(index: number): number | null | undefined {
    const from = this.starts[index]!;
    const to = this.ends[index]!;
    const line = this.line;
    if (to - from === 1 && line.charCodeAt(from) === 45) return null;
    const dot = line.indexOf('.', from);
    if (dot < 0 || dot >= to) {
      const whole = digitsAt(line, from, to);
      return whole < 0 ? undefined : whole * 1000;
    }
    const whole = digitsAt(line, from, dot);
    const fraction = digitsAt(line, dot + 1, to);
    const digits = to - dot - 1;
    if (whole < 0 || fraction < 0 || digits > 9) return undefined;
    return Math.round((whole + fraction / 10 ** digits) * 1e6) / 1e3;
  }
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
