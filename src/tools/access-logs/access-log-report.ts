import type { AccessLogFormat } from './access-log-format';
import type { ErrorBudgetReport } from './error-budget';
import type { LatencySummary } from './latency-histogram';

/** Figures for one slice of traffic: everything, one day, one hour or one route. */
export interface TrafficSummary {
  /** Requests (log entries) in the slice. */
  readonly total: number;
  /** Percent (0–100) of requests the client did not get a 5xx for; null when total is 0. */
  readonly successRate: number | null;
  /**
   * 5xx sent to clients, by who produced them, under the format's two names (`PRODUCERS`):
   * ALB `{elb, target}`, CloudFront `{edge, origin}`, HTTP API `{gateway, integration}`.
   */
  readonly errors5xx: Readonly<Record<string, number>>;
  /** Whole time: ALB request + target + response processing; CloudFront time-taken; HTTP API response latency. */
  readonly latencyMs: LatencySummary;
  /** Time behind the component: ALB target processing; CloudFront time to first byte; HTTP API integration latency. */
  readonly targetLatencyMs: LatencySummary;
}

/** One line that could not be parsed, for the operator to look at. */
export interface MalformedLineRef {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** Everything `hosp logs analyze` reports about one source (format); serialised as is by `--json`. */
export interface AccessLogReport extends TrafficSummary {
  /** The log format of this source. */
  readonly format: AccessLogFormat;
  /** Log files read. */
  readonly files: number;
  /** Earliest and latest entry time seen, or null with no entries. */
  readonly period: { readonly from: string; readonly to: string } | null;
  /** The success-rate objective and whether the logs meet it (never met without traffic). */
  readonly slo: { readonly targetPercent: number; readonly met: boolean };
  /** The error budget of the period under that objective, and its worst burn-rate windows. */
  readonly errorBudget: ErrorBudgetReport;
  /** Per route (`GET /hospitals/{id}`), busiest first. */
  readonly byRoute: ReadonlyArray<TrafficSummary & { readonly route: string }>;
  /** Per UTC day (`2018-07-02`), in order. */
  readonly byDay: ReadonlyArray<TrafficSummary & { readonly day: string }>;
  /** Per UTC hour (`2018-07-02T22`), in order. */
  readonly byHour: ReadonlyArray<TrafficSummary & { readonly hour: string }>;
  /** Lines that were skipped; only the first few are listed. */
  readonly malformed: {
    readonly count: number;
    readonly lines: readonly MalformedLineRef[];
    readonly truncated: boolean;
  };
  /** Files that could not be read to the end (missing, unreadable, corrupt gzip). */
  readonly unreadableFiles: ReadonlyArray<{ readonly file: string; readonly reason: string }>;
}
