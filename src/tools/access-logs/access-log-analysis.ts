import { PRODUCERS, type AccessLogFormat } from './access-log-format';
import type { AccessLogReport, MalformedLineRef, TrafficSummary } from './access-log-report';
import type { AccessRecord } from './access-record';
import { ErrorBudgetTracker } from './error-budget';
import { RequestFacts, TrafficStats } from './traffic-stats';

/** Route key that absorbs new routes once MAX_ROUTES distinct ones were seen. */
export const OTHER_ROUTES = '(other routes)';

const HOUR_MS = 3_600_000;
const HOURS_PER_DAY = 24;

/** Tuning for memory bounds; the defaults suit any realistic API. */
export interface AccessLogAnalysisOptions {
  /** Distinct routes tracked before the rest are grouped (scanners invent endless paths). */
  readonly maxRoutes?: number;
  /** Malformed lines listed individually; all are counted. */
  readonly maxMalformedListed?: number;
}

/**
 * Accumulates the records of one source (one format) into the report's figures. Memory
 * grows only with the number of distinct hours covered and (bounded) routes, never with
 * the number of lines.
 */
export class AccessLogAnalysis {
  private readonly overall = new TrafficStats();
  private readonly days = new Map<number, TrafficStats>();
  private readonly hours = new Map<number, TrafficStats>();
  private readonly routes = new Map<string, TrafficStats>();
  private readonly budget = new ErrorBudgetTracker();
  private readonly malformedLines: MalformedLineRef[] = [];
  private readonly unreadable: Array<{ file: string; reason: string }> = [];
  private malformedCount = 0;
  private fileCount = 0;
  private firstMs = Infinity;
  private lastMs = -Infinity;
  private first: string | null = null;
  private last: string | null = null;
  private readonly maxRoutes: number;
  private readonly maxMalformedListed: number;
  /** Reused for every line: the hot path allocates no per-line objects. */
  private readonly facts = new RequestFacts();
  /** The hour slice of the previous line (and its day): consecutive lines share it. */
  private hourKey = Number.NaN;
  private hourStats: TrafficStats | null = null;
  private dayStats: TrafficStats | null = null;

  constructor(
    readonly format: AccessLogFormat = 'alb',
    options: AccessLogAnalysisOptions = {},
  ) {
    this.maxRoutes = options.maxRoutes ?? 500;
    this.maxMalformedListed = options.maxMalformedListed ?? 50;
  }

  /** Accounts for one request in every slice it belongs to. */
  add(record: AccessRecord): void {
    const facts = this.facts.assign(record);
    this.overall.add(facts);
    const epochMs = record.epochMs;
    const hour = Math.floor(epochMs / HOUR_MS);
    if (hour !== this.hourKey) {
      this.hourKey = hour;
      this.hourStats = slice(this.hours, hour);
      this.dayStats = slice(this.days, Math.floor(hour / HOURS_PER_DAY));
    }
    this.dayStats!.add(facts);
    this.hourStats!.add(facts);
    this.routeStats(record.route).add(facts);
    this.budget.add(epochMs, record.producer >= 0);
    if (epochMs < this.firstMs) {
      this.firstMs = epochMs;
      this.first = record.timeText();
    }
    if (epochMs > this.lastMs) {
      this.lastMs = epochMs;
      this.last = record.timeText();
    }
  }

  /** Counts a line that could not be parsed. */
  addMalformed(file: string, line: number, reason: string): void {
    this.malformedCount += 1;
    if (this.malformedLines.length < this.maxMalformedListed) this.malformedLines.push({ file, line, reason });
  }

  /** Notes a file that was started. */
  addFile(): void {
    this.fileCount += 1;
  }

  /** Notes a file that could not be read to its end. */
  addUnreadable(file: string, reason: string): void {
    this.unreadable.push({ file, reason });
  }

  /** The report against a success-rate objective in percent. */
  report(sloPercent: number): AccessLogReport {
    const producers = PRODUCERS[this.format];
    const overall = this.overall.summary(producers);
    return {
      format: this.format,
      ...overall,
      files: this.fileCount,
      period: this.first !== null && this.last !== null ? { from: this.first, to: this.last } : null,
      slo: { targetPercent: sloPercent, met: overall.successRate !== null && overall.successRate >= sloPercent },
      errorBudget: this.budget.report(sloPercent),
      byRoute: [...this.routes]
        .map(([route, stats]) => ({ route, ...stats.summary(producers) }))
        .sort((a, b) => b.total - a.total || compare(a.route, b.route)),
      byDay: sorted(this.days, producers).map(([day, summary]) => ({ day: isoHour(day * HOURS_PER_DAY).slice(0, 10), ...summary })),
      byHour: sorted(this.hours, producers).map(([hour, summary]) => ({ hour: isoHour(hour), ...summary })),
      malformed: {
        count: this.malformedCount,
        lines: [...this.malformedLines],
        truncated: this.malformedCount > this.malformedLines.length,
      },
      unreadableFiles: [...this.unreadable],
    };
  }

  private routeStats(route: string): TrafficStats {
    const known = this.routes.get(route);
    if (known !== undefined) return known;
    return slice(this.routes, this.routes.size < this.maxRoutes ? route : OTHER_ROUTES);
  }
}

/** `2018-07-02T22` for an hour index. */
function isoHour(hour: number): string {
  return new Date(hour * HOUR_MS).toISOString().slice(0, 13);
}

function slice<K>(map: Map<K, TrafficStats>, key: K): TrafficStats {
  let stats = map.get(key);
  if (stats === undefined) {
    stats = new TrafficStats();
    map.set(key, stats);
  }
  return stats;
}

function sorted(map: Map<number, TrafficStats>, producers: readonly [string, string]): Array<[number, TrafficSummary]> {
  return [...map.keys()].sort((a, b) => a - b).map((key) => [key, map.get(key)!.summary(producers)]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
