import type { AlbLogEntry } from './alb-log-entry';

/*
 * Parser for the documented ALB access-log format:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html
 *
 *  0 type  1 time  2 elb  3 client:port  4 target:port  5 request_processing_time
 *  6 target_processing_time  7 response_processing_time  8 elb_status_code
 *  9 target_status_code  10 received_bytes  11 sent_bytes  12 "request"  13 "user_agent"
 * 14 ssl_cipher  15 ssl_protocol  16 target_group_arn  17 "trace_id"  18 "domain_name"
 * 19 "chosen_cert_arn"  20 matched_rule_priority  21 request_creation_time
 * 22 "actions_executed"  23 "redirect_url"  24 "error_reason"  25 "target:port_list"
 * 26 "target_status_code_list"  27 "classification"  28 "classification_reason"
 * 29 conn_trace_id  … and whatever AWS appends later (ignored, as AWS asks).
 *
 * It scans the line once, recording field boundaries only, and slices out just the
 * fields the analysis uses: a log corpus can hold billions of lines.
 */

/** Fields every entry must have: up to "error_reason", present since 2018. */
export const MIN_ALB_FIELDS = 25;

/** Why a line was rejected; shown to the operator with the file and line number. */
export interface MalformedAlbLine {
  readonly reason: string;
}

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const MAX_TRACKED_FIELDS = 13; // boundaries kept for fields 0..12; later ones are only counted
const starts = new Int32Array(MAX_TRACKED_FIELDS);
const ends = new Int32Array(MAX_TRACKED_FIELDS);
const escaped = new Uint8Array(MAX_TRACKED_FIELDS);

/**
 * The used fields of one line, read in place: numbers as numbers, and the `time` and
 * `request` fields as ranges of a source string (the line itself, or the unescaped field
 * when it held `\\` escapes), so the hot path allocates no substring it does not need.
 * One instance is reused for every line; its content is valid until the next scan.
 */
export class ScannedAlbLine {
  timeSource = '';
  timeStart = 0;
  timeEnd = 0;
  requestSource = '';
  requestStart = 0;
  requestEnd = 0;
  requestProcessingMs: number | null = null;
  targetProcessingMs: number | null = null;
  responseProcessingMs: number | null = null;
  elbStatus: number | null = null;
  targetStatus: number | null = null;

  /** The `time` field as a string (allocates). */
  time(): string {
    return this.timeSource.slice(this.timeStart, this.timeEnd);
  }

  /** The `request` field, unquoted and unescaped (allocates). */
  request(): string {
    return this.requestSource.slice(this.requestStart, this.requestEnd);
  }
}

/*
 * Field `i` of the line just scanned as a span (source, start, end) without copying it: the
 * line itself and the field's bounds, or, when the field had escapes, its unescaped copy whole.
 */
const spanSource = (line: string, i: number): string => (escaped[i] === 1 ? field(line, i) : line);
const spanStart = (i: number): number => (escaped[i] === 1 ? 0 : starts[i]!);
const spanEnd = (source: string, i: number): number => (escaped[i] === 1 ? source.length : ends[i]!);

/**
 * Scans one line into `out`; returns null when it is a valid entry, else why it is not.
 * Never throws. Quoted fields may contain spaces and `\\"` escapes.
 */
export function scanAlbLogLine(line: string, out: ScannedAlbLine): string | null {
  const fields = scanFields(line);
  if (typeof fields === 'string') return fields;
  if (fields < MIN_ALB_FIELDS) return `expected at least ${MIN_ALB_FIELDS} fields, found ${fields}`;
  out.timeSource = spanSource(line, 1);
  out.timeStart = spanStart(1);
  out.timeEnd = spanEnd(out.timeSource, 1);
  if (!isIsoTimestamp(out.timeSource, out.timeStart, out.timeEnd)) return `bad time "${clip(out.time())}"`;
  const requestProcessingMs = secondsOf(line, 5);
  const targetProcessingMs = secondsOf(line, 6);
  const responseProcessingMs = secondsOf(line, 7);
  if (requestProcessingMs === undefined || targetProcessingMs === undefined || responseProcessingMs === undefined) {
    return 'bad processing time';
  }
  const elbStatus = statusOf(line, 8);
  if (elbStatus === undefined) return `bad elb_status_code "${clip(field(line, 8))}"`;
  const targetStatus = statusOf(line, 9);
  if (targetStatus === undefined) return `bad target_status_code "${clip(field(line, 9))}"`;
  out.requestProcessingMs = requestProcessingMs;
  out.targetProcessingMs = targetProcessingMs;
  out.responseProcessingMs = responseProcessingMs;
  out.elbStatus = elbStatus;
  out.targetStatus = targetStatus;
  out.requestSource = spanSource(line, 12);
  out.requestStart = spanStart(12);
  out.requestEnd = spanEnd(out.requestSource, 12);
  return null;
}

const scratch = new ScannedAlbLine();

/** Parses one line into an entry object; never throws. The analysis uses `scanAlbLogLine`. */
export function parseAlbLogLine(line: string): AlbLogEntry | MalformedAlbLine {
  const reason = scanAlbLogLine(line, scratch);
  if (reason !== null) return { reason };
  return {
    type: field(line, 0),
    time: scratch.time(),
    requestProcessingMs: scratch.requestProcessingMs,
    targetProcessingMs: scratch.targetProcessingMs,
    responseProcessingMs: scratch.responseProcessingMs,
    elbStatus: scratch.elbStatus,
    targetStatus: scratch.targetStatus,
    request: scratch.request(),
  };
}

/** Tells a parsed entry from a rejection. */
export function isMalformed(result: AlbLogEntry | MalformedAlbLine): result is MalformedAlbLine {
  return (result as MalformedAlbLine).reason !== undefined;
}

/**
 * Records field boundaries; returns the field count or why the line cannot be split.
 * Uses indexOf (native, vectorised) rather than a char loop: it dominates the run time.
 */
function scanFields(line: string): number | string {
  let end = line.length;
  if (end > 0 && line.charCodeAt(end - 1) === 13) end -= 1; // CRLF files
  let i = 0;
  let count = 0;
  while (i < end) {
    if (line.charCodeAt(i) === SPACE) {
      i += 1;
      continue;
    }
    if (line.charCodeAt(i) === QUOTE) {
      const start = i + 1;
      let hasEscape = 0;
      let close = line.indexOf('"', start);
      while (close >= 0 && close < end && isEscaped(line, close, start)) {
        hasEscape = 1;
        close = line.indexOf('"', close + 1);
      }
      if (close < 0 || close >= end) return `unterminated quoted field ${count + 1}`;
      if (count < MAX_TRACKED_FIELDS && hasEscape === 0) {
        const backslash = line.indexOf('\\', start);
        if (backslash >= 0 && backslash < close) hasEscape = 1;
      }
      record(count, start, close, hasEscape);
      i = close + 1;
      if (i < end && line.charCodeAt(i) !== SPACE) return `text after closing quote in field ${count + 1}`;
    } else {
      let stop = line.indexOf(' ', i);
      if (stop < 0 || stop > end) stop = end;
      record(count, i, stop, 0);
      i = stop;
    }
    count += 1;
  }
  return count;
}

/** A quote is escaped when an odd number of backslashes precede it. */
function isEscaped(line: string, quote: number, floor: number): boolean {
  let backslashes = 0;
  for (let j = quote - 1; j >= floor && line.charCodeAt(j) === BACKSLASH; j -= 1) backslashes += 1;
  return backslashes % 2 === 1;
}

function record(index: number, start: number, end: number, hasEscape: number): void {
  if (index >= MAX_TRACKED_FIELDS) return;
  starts[index] = start;
  ends[index] = end;
  escaped[index] = hasEscape;
}

function field(line: string, index: number): string {
  const raw = line.slice(starts[index], ends[index]);
  return escaped[index] === 1 ? raw.replace(/\\(.)/g, '$1') : raw;
}

/** `2018-07-02T22:23:00.186641Z`: checked by shape, cheaply, not by calendar. */
function isIsoTimestamp(s: string, from: number, to: number): boolean {
  return (
    to - from >= 20 &&
    s.charCodeAt(from + 4) === 45 &&
    s.charCodeAt(from + 7) === 45 &&
    s.charCodeAt(from + 10) === 84 &&
    s.charCodeAt(from + 13) === 58 &&
    s.charCodeAt(from + 16) === 58 &&
    s.charCodeAt(to - 1) === 90 &&
    isDigits(s, from, from + 4) &&
    isDigits(s, from + 5, from + 7) &&
    isDigits(s, from + 8, from + 10) &&
    isDigits(s, from + 11, from + 13)
  );
}

function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const MICROS_PER_FRACTION_DIGITS = [1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/**
 * Field `index` as logged seconds → milliseconds (µs resolution); `-1` → null; garbage →
 * undefined. Read digit by digit in place: with at most 9 integer and 6 fraction digits the
 * microsecond count is an exact integer, the same value `parseSeconds` computes; longer
 * numbers take that slower path.
 */
function secondsOf(line: string, index: number): number | null | undefined {
  if (escaped[index] === 1) return parseSeconds(field(line, index));
  const from = starts[index]!;
  const to = ends[index]!;
  if (to - from === 2 && line.charCodeAt(from) === 45 && line.charCodeAt(from + 1) === 49) return null;
  let i = from;
  let whole = 0;
  for (; i < to; i += 1) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
  }
  const wholeDigits = i - from;
  if (wholeDigits === 0) return undefined;
  let fraction = 0;
  let fractionDigits = 0;
  if (i < to) {
    if (line.charCodeAt(i) !== 46) return undefined;
    i += 1;
    const fractionStart = i;
    for (; i < to; i += 1) {
      const c = line.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
      fraction = fraction * 10 + (c - 48);
    }
    fractionDigits = i - fractionStart;
    if (fractionDigits === 0) return undefined;
  }
  if (wholeDigits > 9 || fractionDigits > 6) return parseSeconds(line.slice(from, to));
  return (whole * 1e6 + fraction * MICROS_PER_FRACTION_DIGITS[fractionDigits]!) / 1e3;
}

/** Seconds as logged → milliseconds (µs resolution); `-1` → null; garbage → undefined. */
function parseSeconds(s: string): number | null | undefined {
  if (s === '-1') return null;
  if (s.length === 0 || !/^\d+(\.\d+)?$/.test(s)) return undefined;
  return Math.round(Number(s) * 1e6) / 1e3;
}

/** Field `index` as a status: `200` → 200, `-` → null, anything else → undefined. */
function statusOf(line: string, index: number): number | null | undefined {
  if (escaped[index] === 1) return parseStatus(field(line, index));
  const from = starts[index]!;
  const length = ends[index]! - from;
  if (length === 1 && line.charCodeAt(from) === 45) return null;
  if (length !== 3 || !isDigits(line, from, from + 3)) return undefined;
  return (line.charCodeAt(from) - 48) * 100 + (line.charCodeAt(from + 1) - 48) * 10 + (line.charCodeAt(from + 2) - 48);
}

/** `200` → 200, `-` → null, anything else → undefined. */
function parseStatus(s: string): number | null | undefined {
  if (s === '-') return null;
  if (s.length !== 3 || !isDigits(s, 0, 3)) return undefined;
  return Number(s);
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
