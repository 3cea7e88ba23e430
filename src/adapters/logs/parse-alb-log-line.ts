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

/** Parses one line; never throws. Quoted fields may contain spaces and `\"` escapes. */
export function parseAlbLogLine(line: string): AlbLogEntry | MalformedAlbLine {
  const fields = scanFields(line);
  if (typeof fields === 'string') return { reason: fields };
  if (fields < MIN_ALB_FIELDS) {
    return { reason: `expected at least ${MIN_ALB_FIELDS} fields, found ${fields}` };
  }
  const time = field(line, 1);
  if (!isIsoTimestamp(time)) return { reason: `bad time "${clip(time)}"` };
  const requestProcessingMs = parseSeconds(field(line, 5));
  const targetProcessingMs = parseSeconds(field(line, 6));
  const responseProcessingMs = parseSeconds(field(line, 7));
  if (requestProcessingMs === undefined || targetProcessingMs === undefined || responseProcessingMs === undefined) {
    return { reason: 'bad processing time' };
  }
  const elbStatus = parseStatus(field(line, 8));
  const targetStatus = parseStatus(field(line, 9));
  if (elbStatus === undefined) return { reason: `bad elb_status_code "${clip(field(line, 8))}"` };
  if (targetStatus === undefined) return { reason: `bad target_status_code "${clip(field(line, 9))}"` };
  return {
    type: field(line, 0),
    time,
    requestProcessingMs,
    targetProcessingMs,
    responseProcessingMs,
    elbStatus,
    targetStatus,
    request: field(line, 12),
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
function isIsoTimestamp(s: string): boolean {
  return (
    s.length >= 20 &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 &&
    s.charCodeAt(s.length - 1) === 90 &&
    isDigits(s, 0, 4) &&
    isDigits(s, 5, 7) &&
    isDigits(s, 8, 10) &&
    isDigits(s, 11, 13)
  );
}

function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Seconds as logged → milliseconds (µs resolution); `-1` → null; garbage → undefined. */
function parseSeconds(s: string): number | null | undefined {
  if (s === '-1') return null;
  if (s.length === 0 || !/^\d+(\.\d+)?$/.test(s)) return undefined;
  return Math.round(Number(s) * 1e6) / 1e3;
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
