import type { TrafficSummary } from './access-log-report';
import type { AccessRecord } from './access-record';
import { LatencyHistogram } from './latency-histogram';

/**
 * What every slice needs to know about one request, worked out once per line. Mutable so
 * the analysis reuses one instance for every line instead of allocating one each.
 */
export class RequestFacts {
  producer: -1 | 0 | 1 = -1;
  totalMs: number | null = null;
  totalBucket = -1;
  innerMs: number | null = null;
  innerBucket = -1;

  /** Overwrites these facts with those of `record`; returns this. */
  assign(record: Pick<AccessRecord, 'producer' | 'totalMs' | 'innerMs'>): this {
    this.producer = record.producer;
    this.totalMs = record.totalMs;
    this.totalBucket = record.totalMs === null ? -1 : LatencyHistogram.bucketOf(record.totalMs);
    this.innerMs = record.innerMs;
    this.innerBucket = record.innerMs === null ? -1 : LatencyHistogram.bucketOf(record.innerMs);
    return this;
  }
}

/** Running counts and latency distributions for one slice of traffic. */
export class TrafficStats {
  private total = 0;
  private front5xx = 0;
  private behind5xx = 0;
  private readonly latency = new LatencyHistogram();
  private readonly innerLatency = new LatencyHistogram();

  /** Accounts for one request, already classified in `facts`. */
  add(facts: RequestFacts): void {
    this.total += 1;
    if (facts.producer === 0) this.front5xx += 1;
    else if (facts.producer === 1) this.behind5xx += 1;
    if (facts.totalMs !== null) this.latency.addToBucket(facts.totalMs, facts.totalBucket);
    if (facts.innerMs !== null) this.innerLatency.addToBucket(facts.innerMs, facts.innerBucket);
  }

  /** Requests seen so far. */
  get count(): number {
    return this.total;
  }

  /** The figures as reported, 5xx under the format's producer names ([front, behind]). */
  summary(producers: readonly [string, string]): TrafficSummary {
    const failed = this.front5xx + this.behind5xx;
    return {
      total: this.total,
      successRate: this.total === 0 ? null : ((this.total - failed) / this.total) * 100,
      errors5xx: { [producers[0]]: this.front5xx, [producers[1]]: this.behind5xx },
      latencyMs: this.latency.summary(),
      targetLatencyMs: this.innerLatency.summary(),
    };
  }
}
