import type { AlbLogEntry } from './alb-log-entry';
import type { AccessLogReport, MalformedLineRef, TrafficSummary } from './access-log-report';
import { routeOfRequest } from './route-of-request';
import { ScannedAlbLine } from './parse-alb-log-line';
import { RequestFacts, TrafficStats } from './traffic-stats';

/** Route key that absorbs new routes once MAX_ROUTES distinct ones were seen. */
export const OTHER_ROUTES = '(other routes)';

/** Tuning for memory bounds; the defaults suit any realistic API. */
export interface AccessLogAnalysisOptions {
  /** Distinct routes tracked before the rest are grouped (scanners invent endless paths). */
  readonly maxRoutes?: number;
  /** Malformed lines listed individually; all are counted. */
  readonly maxMalformedListed?: number;
}

/**
 * Accumulates parsed entries into the report's figures. Memory grows only with the number
 * of distinct hours covered and (bounded) routes, never with the number of lines.
 */
export class AccessLogAnalysis {
  private readonly overall = new TrafficStats();
  private readonly days = new Map<string, TrafficStats>();
  private readonly hours = new Map<string, TrafficStats>();
  private readonly routes = new Map<string, TrafficStats>();
  private readonly malformedLines: MalformedLineRef[] = [];
  private readonly unreadable: Array<{ file: string; reason: string }> = [];
  private malformedCount = 0;
  private fileCount = 0;
  private first: string | null = null;
  private last: string | null = null;
  private readonly maxRoutes: number;
  private readonly maxMalformedListed: number;
  /** Reused for every line: the hot path allocates no per-line objects. */
  private readonly facts = new RequestFacts();
  /** The hour slice of the previous line (and its day): consecutive lines share it. */
  private hourKey = '';
  private hourStats: TrafficStats | null = null;
  private dayStats: TrafficStats | null = null;

  constructor(options: AccessLogAnalysisOptions = {}) {
    this.maxRoutes = options.maxRoutes ?? 500;
    this.maxMalformedListed = options.maxMalformedListed ?? 50;
  }

  /** Accounts for one parsed request in every slice it belongs to. */
  add(entry: AlbLogEntry): void {
    const scanned = new ScannedAlbLine();
    scanned.timeSource = entry.time;
    scanned.timeEnd = entry.time.length;
    scanned.requestSource = entry.request;
    scanned.requestEnd = entry.request.length;
    scanned.requestProcessingMs = entry.requestProcessingMs;
    scanned.targetProcessingMs = entry.targetProcessingMs;
    scanned.responseProcessingMs = entry.responseProcessingMs;
    scanned.elbStatus = entry.elbStatus;
    scanned.targetStatus = entry.targetStatus;
    this.addScanned(scanned);
  }

  /**
   * Same as `add`, for a line read in place by `scanAlbLogLine` (the hot path): the time is
   * compared where it lies, and substrings are taken only for a new hour, a new earliest
   * or latest time, and the request line.
   */
  addScanned(line: ScannedAlbLine): void {
    const facts = this.facts.assign(line);
    this.overall.add(facts);
    const time = line.timeSource;
    const from = line.timeStart;
    const to = line.timeEnd;
    if (this.hourStats === null || !sameText(time, from, from + 13, this.hourKey)) {
      this.hourKey = time.slice(from, from + 13);
      this.hourStats = slice(this.hours, this.hourKey);
      this.dayStats = slice(this.days, time.slice(from, from + 10));
    }
    this.dayStats!.add(facts);
    this.hourStats.add(facts);
    this.routeStats(routeOfRequest(line.request())).add(facts);
    if (this.first === null || compareText(time, from, to, this.first) < 0) this.first = time.slice(from, to);
    if (this.last === null || compareText(time, from, to, this.last) > 0) this.last = time.slice(from, to);
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
    const overall = this.overall.summary();
    return {
      ...overall,
      files: this.fileCount,
      period: this.first !== null && this.last !== null ? { from: this.first, to: this.last } : null,
      slo: { targetPercent: sloPercent, met: overall.successRate !== null && overall.successRate >= sloPercent },
      byRoute: [...this.routes]
        .map(([route, stats]) => ({ route, ...stats.summary() }))
        .sort((a, b) => b.total - a.total || compare(a.route, b.route)),
      byDay: sorted(this.days).map(([day, summary]) => ({ day, ...summary })),
      byHour: sorted(this.hours).map(([hour, summary]) => ({ hour, ...summary })),
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

function slice(map: Map<string, TrafficStats>, key: string): TrafficStats {
  let stats = map.get(key);
  if (stats === undefined) {
    stats = new TrafficStats();
    map.set(key, stats);
  }
  return stats;
}

function sorted(map: Map<string, TrafficStats>): Array<[string, TrafficSummary]> {
  return [...map.keys()].sort(compare).map((key) => [key, map.get(key)!.summary()]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `s[from, to)` equals `text`. */
function sameText(s: string, from: number, to: number, text: string): boolean {
  if (to - from !== text.length) return false;
  for (let i = 0; i < text.length; i += 1) if (s.charCodeAt(from + i) !== text.charCodeAt(i)) return false;
  return true;
}

/** `s[from, to)` compared with `text` as `<` / `>` compare strings: negative, 0 or positive. */
function compareText(s: string, from: number, to: number, text: string): number {
  const length = Math.min(to - from, text.length);
  for (let i = 0; i < length; i += 1) {
    const d = s.charCodeAt(from + i) - text.charCodeAt(i);
    if (d !== 0) return d;
  }
  return to - from - text.length;
}
