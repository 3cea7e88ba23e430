import type { AccessLogParser } from './access-log-parser';
import type { AccessRecord, RecordSink } from './access-record';
import { routeOfPath } from './route-of-request';
import { clfToEpochMs } from './utc-time';

/*
 * HTTP API access logs in the JSON format the stack configures (template.yaml,
 * HttpApiStage.AccessLogSettings.Format): one object per request with requestId, time
 * ($context.requestTime), method, path, routeKey, status, latencyMs, integrationLatencyMs,
 * integrationError, authorizerError and sourceIp, every value a string, `-` when absent.
 *
 * The same events arrive in three shapes, all read here:
 * - one JSON object per line (what CloudWatch Logs Insights or a subscription exports);
 * - a CloudWatch Logs export to S3 (CreateExportTask): `2024-03-01T10:00:00.000Z {…}`;
 * - the output of `aws logs filter-log-events --output json`: a document whose `events`
 *   hold each line as the string `message`. Pretty-printed (the CLI's default) it is read
 *   line by line, taking each `"message": "…"` line; compacted onto one line it is parsed
 *   whole (within the longest-line limit).
 */

/** The keys of the stack's access-log format this parser reads. */
export const APIGW_FIELDS = ['time', 'method', 'path', 'status', 'latencyMs', 'integrationLatencyMs', 'integrationError', 'authorizerError'] as const;

const MESSAGE_KEY = /^\s*"message"\s*:\s*/;

/** HTTP API access-log lines as access records. */
export class ApiGatewayRecordParser implements AccessLogParser {
  readonly format = 'apigw' as const;
  /** Inside a pretty-printed `filter-log-events` document: only `"message"` lines hold events. */
  private inDocument = false;
  private time = '';
  private readonly timeText = (): string => new Date(clfToEpochMs(this.time)).toISOString();

  parse(line: string, record: AccessRecord, sink: RecordSink): void {
    const text = line.trim();
    if (this.inDocument) {
      const key = MESSAGE_KEY.exec(text);
      if (key !== null) this.message(text.slice(key[0].length).replace(/,$/, ''), record, sink);
      return;
    }
    if (text === '{' || text.startsWith('"events"')) {
      this.inDocument = true;
      return;
    }
    if (text.startsWith('{"events"')) {
      this.document(text, record, sink);
      return;
    }
    const brace = text.indexOf('{');
    if (brace < 0) {
      sink.malformed('not a JSON access-log entry');
      return;
    }
    // A CloudWatch Logs export puts the ingestion timestamp and a space before the message.
    if (brace > 0 && !/^\d{4}-\d\d-\d\dT\S+ $/.test(text.slice(0, brace))) {
      sink.malformed('text before the JSON entry');
      return;
    }
    this.entry(text.slice(brace), record, sink);
  }

  /** `"{\"requestId\":…}"`: one event's message as a JSON string. */
  private message(json: string, record: AccessRecord, sink: RecordSink): void {
    let message: unknown;
    try {
      message = JSON.parse(json);
    } catch {
      sink.malformed('unreadable "message" value');
      return;
    }
    if (typeof message !== 'string') sink.malformed('"message" is not a string');
    else this.entry(message, record, sink);
  }

  /** A whole `filter-log-events` document on one line. */
  private document(json: string, record: AccessRecord, sink: RecordSink): void {
    let document: unknown;
    try {
      document = JSON.parse(json);
    } catch {
      sink.malformed('unreadable filter-log-events document');
      return;
    }
    const events = (document as { events?: unknown }).events;
    if (!Array.isArray(events)) {
      sink.malformed('filter-log-events document without an events list');
      return;
    }
    for (const event of events) {
      const message = (event as { message?: unknown } | null)?.message;
      if (typeof message === 'string') this.entry(message, record, sink);
      else sink.malformed('event without a message');
    }
  }

  private entry(json: string, record: AccessRecord, sink: RecordSink): void {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      sink.malformed('unreadable JSON');
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      sink.malformed('not a JSON object');
      return;
    }
    const entry = value as Record<string, unknown>;
    const time = text(entry.time);
    const epochMs = time === null ? Number.NaN : clfToEpochMs(time);
    if (Number.isNaN(epochMs)) {
      sink.malformed(`bad time "${clip(String(entry.time))}"`);
      return;
    }
    const status = text(entry.status);
    if (status === null || !/^\d{3}$/.test(status)) {
      sink.malformed(`bad status "${clip(String(entry.status))}"`);
      return;
    }
    const latencyMs = millis(entry.latencyMs);
    const integrationLatencyMs = millis(entry.integrationLatencyMs);
    if (latencyMs === undefined || integrationLatencyMs === undefined) {
      sink.malformed('bad latencyMs or integrationLatencyMs');
      return;
    }
    const code = Number(status);
    this.time = time!;
    record.epochMs = epochMs;
    record.status = code;
    record.producer = code >= 500 && code <= 599 ? producerOf5xx(entry, integrationLatencyMs) : -1;
    record.totalMs = latencyMs;
    record.innerMs = integrationLatencyMs;
    record.route = routeOfPath(text(entry.method) ?? '-', text(entry.path) ?? '-');
    record.timeText = this.timeText;
    sink.record(record);
  }
}

/**
 * API Gateway made the 5xx itself (0) when the integration or the authorizer failed (their
 * error messages are logged) or no integration answered (no integration latency); otherwise
 * the integration (hosp's function) answered it (1).
 */
function producerOf5xx(entry: Record<string, unknown>, integrationLatencyMs: number | null): 0 | 1 {
  if (present(entry.integrationError) || present(entry.authorizerError)) return 0;
  return integrationLatencyMs === null ? 0 : 1;
}

function present(value: unknown): boolean {
  const s = text(value);
  return s !== null && s !== '' && s !== '-';
}

/** A logged value as text: strings as they are, numbers written out; anything else null. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** `"123"` → 123 ms; `-`, empty or absent → null; anything else → undefined. */
function millis(value: unknown): number | null | undefined {
  if (value === undefined || value === null || value === '-' || value === '') return null;
  const s = text(value);
  if (s === null || !/^\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
