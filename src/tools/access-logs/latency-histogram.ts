/*
 * Fixed-size log-linear histogram of latencies in milliseconds (the DDSketch mapping):
 * bucket i holds values in (γ^(i-1), γ^i] and answers with 2γ^i/(γ+1), so any quantile it
 * returns is within RELATIVE_ACCURACY of a value actually recorded. Memory is constant
 * (one Float64Array of ~900 counts) however many values are added, which is what lets
 * `hosp logs analyze` read any volume of logs.
 */

/** Largest relative error of a reported quantile (1 %). */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Smallest value told apart from its neighbours; ALB logs have millisecond precision. */
const MIN_MS = 0.1;
/** Largest value told apart; the ALB idle timeout tops out at 4000 s. */
const MAX_MS = 1e7;
const OFFSET = Math.ceil(Math.log(MIN_MS) / LOG_GAMMA);
const BUCKETS = Math.ceil(Math.log(MAX_MS) / LOG_GAMMA) - OFFSET + 1;

/** Quantile summary reported for every slice of traffic. */
export interface LatencySummary {
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** Streaming latency distribution with constant memory and ≤ 1 % relative error. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private zeros = 0;
  private total = 0;
  private min = Infinity;
  private maximum = -Infinity;

  /** Records one latency (ms, ≥ 0). */
  add(ms: number): void {
    this.addToBucket(ms, LatencyHistogram.bucketOf(ms));
  }

  /**
   * The bucket a latency falls in (-1 for zero). Lets a caller that records the same value
   * in several histograms (overall, day, hour, route) take the logarithm once.
   */
  static bucketOf(ms: number): number {
    if (ms <= 0) return -1;
    const index = Math.ceil(Math.log(ms) / LOG_GAMMA) - OFFSET;
    return index < 0 ? 0 : index >= BUCKETS ? BUCKETS - 1 : index;
  }

  /** Records a latency whose bucket came from `bucketOf(ms)`. */
  addToBucket(ms: number, bucket: number): void {
    this.total += 1;
    if (ms < this.min) this.min = ms;
    if (ms > this.maximum) this.maximum = ms;
    if (bucket < 0) this.zeros += 1;
    else this.counts[bucket]! += 1;
  }

  /** How many values were recorded. */
  get count(): number {
    return this.total;
  }

  /**
   * The nearest-rank quantile (the value at rank ⌈q·n⌉), within 1 %. The lowest and highest
   * ranks are the exact min and max, and results are clamped to them, so small samples and
   * constant streams are reported exactly.
   */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.total));
    if (rank >= this.total) return this.maximum; // the top rank is the exact max
    if (rank === 1) return this.min;
    let seen = this.zeros;
    if (seen >= rank) return this.clamp(0);
    for (let i = 0; i < BUCKETS; i += 1) {
      seen += this.counts[i]!;
      if (seen >= rank) return this.clamp(valueOf(i));
    }
    return this.maximum;
  }

  /** The exact largest value, or null when empty. */
  get max(): number | null {
    return this.total === 0 ? null : this.maximum;
  }

  /** p50/p90/p99/max, rounded to the microsecond. */
  summary(): LatencySummary {
    return {
      p50: round(this.quantile(0.5)),
      p90: round(this.quantile(0.9)),
      p99: round(this.quantile(0.99)),
      max: round(this.max),
    };
  }

  private clamp(value: number): number {
    return Math.min(this.maximum, Math.max(this.min, value));
  }
}

function valueOf(bucket: number): number {
  return (2 * Math.pow(GAMMA, bucket + OFFSET)) / (GAMMA + 1);
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 1000;
}
