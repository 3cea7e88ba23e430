/*
 * The error budget of a period against a success-rate objective (SLO), request-based:
 * a period of N requests under an SLO of s % may fail N × (1 − s/100) of them. The burn
 * rate of a window is its error rate divided by the rate the SLO allows (1 = spending the
 * budget exactly as fast as it accrues; 14.4 over 1 h, or 6 over 6 h, spends 2 % or 5 % of
 * a 30-day budget: the usual paging thresholds).
 *
 * Counts are kept per 5-minute bucket (two numbers each, whatever the volume), so windows
 * slide in 5-minute steps.
 */

/** Width of a counting bucket. */
export const BUCKET_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;

/** One window of traffic and how fast it spent the budget. */
export interface BurnWindow {
  /** Start and end (exclusive), ISO 8601. */
  readonly from: string;
  readonly to: string;
  readonly requests: number;
  readonly failed: number;
  /** Error rate / allowed error rate; null when the SLO is 100 % (no budget to burn). */
  readonly burnRate: number | null;
}

/** The budget of the whole period, as `--json` prints it. */
export interface ErrorBudgetReport {
  readonly sloPercent: number;
  readonly requests: number;
  /** Failures the SLO allows over the period: requests × (1 − SLO). */
  readonly allowedFailures: number;
  /** Failures seen (5xx to the client). */
  readonly failed: number;
  /** allowedFailures − failed (negative when overspent). */
  readonly remaining: number;
  /** remaining as a percentage of allowedFailures; null when nothing was allowed. */
  readonly remainingPercent: number | null;
  /** Burn rate of the whole period. */
  readonly burnRate: number | null;
  /** The worst windows of 1 h and 6 h, worst first, not overlapping one another (up to 3 each). */
  readonly worstWindows: { readonly oneHour: readonly BurnWindow[]; readonly sixHours: readonly BurnWindow[] };
  /** Per hour: requests and failures in it, and the share of the period's budget spent by its end. */
  readonly timeline: ReadonlyArray<{ readonly hour: string; readonly requests: number; readonly failed: number; readonly spentPercent: number | null }>;
}

/** Counts requests and failures per 5-minute bucket. */
export class ErrorBudgetTracker {
  private readonly buckets = new Map<number, { requests: number; failed: number }>();
  private currentKey = Number.NaN;
  private current = { requests: 0, failed: 0 };

  /** Accounts for one request. */
  add(epochMs: number, failed: boolean): void {
    const key = Math.floor(epochMs / BUCKET_MS);
    if (key !== this.currentKey) {
      this.currentKey = key;
      let bucket = this.buckets.get(key);
      if (bucket === undefined) {
        bucket = { requests: 0, failed: 0 };
        this.buckets.set(key, bucket);
      }
      this.current = bucket;
    }
    this.current.requests += 1;
    if (failed) this.current.failed += 1;
  }

  /** The budget against `sloPercent` (0 < SLO ≤ 100). */
  report(sloPercent: number): ErrorBudgetReport {
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    const counts = keys.map((k) => this.buckets.get(k)!);
    const requests = counts.reduce((sum, c) => sum + c.requests, 0);
    const failed = counts.reduce((sum, c) => sum + c.failed, 0);
    const allowedRate = 1 - sloPercent / 100;
    const allowedFailures = requests * allowedRate;
    const burn = (r: number, f: number): number | null => (allowedRate <= 0 || r === 0 ? null : f / r / allowedRate);
    return {
      sloPercent,
      requests,
      allowedFailures: round(allowedFailures),
      failed,
      remaining: round(allowedFailures - failed),
      remainingPercent: allowedFailures > 0 ? round(((allowedFailures - failed) / allowedFailures) * 100) : null,
      burnRate: round(burn(requests, failed)),
      worstWindows: {
        oneHour: worstWindows(keys, counts, HOUR_MS / BUCKET_MS, burn),
        sixHours: worstWindows(keys, counts, (6 * HOUR_MS) / BUCKET_MS, burn),
      },
      timeline: timeline(keys, counts, allowedFailures),
    };
  }
}

/**
 * The worst windows of `width` buckets that hold a failure. A window's content only
 * changes where a bucket with traffic enters it (start = key − width + 1) or leaves it
 * (start = key + 1), so those starts cover every distinct window. Kept worst first
 * (then busiest, then earliest), skipping any that overlaps a window already kept.
 */
function worstWindows(
  keys: readonly number[],
  counts: ReadonlyArray<{ requests: number; failed: number }>,
  width: number,
  burn: (requests: number, failed: number) => number | null,
): BurnWindow[] {
  const prefixRequests = [0];
  const prefixFailed = [0];
  counts.forEach((c, i) => {
    prefixRequests.push(prefixRequests[i]! + c.requests);
    prefixFailed.push(prefixFailed[i]! + c.failed);
  });
  const candidates: Array<{ start: number; requests: number; failed: number }> = [];
  const windowFrom = (start: number): void => {
    const lo = lowerBound(keys, start);
    const hi = lowerBound(keys, start + width);
    const failed = prefixFailed[hi]! - prefixFailed[lo]!;
    if (failed > 0) candidates.push({ start, requests: prefixRequests[hi]! - prefixRequests[lo]!, failed });
  };
  for (const key of keys) {
    windowFrom(key - width + 1);
    windowFrom(key + 1);
  }
  candidates.sort((a, b) => b.failed / b.requests - a.failed / a.requests || b.requests - a.requests || a.start - b.start);
  const kept: typeof candidates = [];
  for (const candidate of candidates) {
    if (kept.length === 3) break;
    if (kept.some((k) => Math.abs(k.start - candidate.start) < width)) continue;
    kept.push(candidate);
  }
  return kept.map((w) => ({
    from: new Date(w.start * BUCKET_MS).toISOString(),
    to: new Date((w.start + width) * BUCKET_MS).toISOString(),
    requests: w.requests,
    failed: w.failed,
    burnRate: round(burn(w.requests, w.failed)),
  }));
}

function timeline(
  keys: readonly number[],
  counts: ReadonlyArray<{ requests: number; failed: number }>,
  allowedFailures: number,
): ErrorBudgetReport['timeline'] {
  const perHour = new Map<number, { requests: number; failed: number }>();
  keys.forEach((key, i) => {
    const hour = Math.floor((key * BUCKET_MS) / HOUR_MS);
    const slot = perHour.get(hour) ?? { requests: 0, failed: 0 };
    slot.requests += counts[i]!.requests;
    slot.failed += counts[i]!.failed;
    perHour.set(hour, slot);
  });
  let spent = 0;
  return [...perHour].map(([hour, slot]) => {
    spent += slot.failed;
    return {
      hour: new Date(hour * HOUR_MS).toISOString().slice(0, 13),
      requests: slot.requests,
      failed: slot.failed,
      spentPercent: allowedFailures > 0 ? round((spent / allowedFailures) * 100) : null,
    };
  });
}

/** First index whose key is ≥ value. */
function lowerBound(keys: readonly number[], value: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function round(value: number): number;
function round(value: number | null): number | null;
function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e6) / 1e6;
}
