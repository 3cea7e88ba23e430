import type { AlbLogEntry } from './alb-log-entry';
import type { TrafficSummary } from './access-log-report';
import { LatencyHistogram } from './latency-histogram';

/** Who produced a 5xx the client received. */
export type FailureSource = 'elb' | 'target';

/**
 * A 5xx reached the client (elb_status_code 5xx): it is the target's when the target's own
 * status was a 5xx the load balancer passed on; otherwise (no target answer `-`, or a
 * different status) the load balancer generated it (502/503/504/…).
 */
export function failureSource(entry: Pick<AlbLogEntry, 'elbStatus' | 'targetStatus'>): FailureSource | null {
  const elb = entry.elbStatus;
  if (elb === null || elb < 500 || elb > 599) return null;
  const target = entry.targetStatus;
  return target !== null && target >= 500 && target <= 599 ? 'target' : 'elb';
}

type Timings = Pick<AlbLogEntry, 'requestProcessingMs' | 'targetProcessingMs' | 'responseProcessingMs'>;

/** Total time of an entry, leaving out phases logged as -1; null when none was measured. */
export function totalTimeMs(entry: Timings): number | null {
  const { requestProcessingMs: a, targetProcessingMs: b, responseProcessingMs: c } = entry;
  if (a === null && b === null && c === null) return null;
  return Math.round(((a ?? 0) + (b ?? 0) + (c ?? 0)) * 1000) / 1000;
}

/**
 * What every slice needs to know about one request, worked out once per line. Mutable so
 * the analysis reuses one instance for every line instead of allocating one each.
 */
export class RequestFacts {
  source: FailureSource | null = null;
  totalMs: number | null = null;
  totalBucket = -1;
  targetMs: number | null = null;
  targetBucket = -1;

  /** Facts of one entry (a new instance). */
  static of(entry: AlbLogEntry): RequestFacts {
    return new RequestFacts().assign(entry);
  }

  /** Overwrites these facts with those of `entry`; returns this. */
  assign(entry: Timings & Pick<AlbLogEntry, 'elbStatus' | 'targetStatus'>): this {
    const totalMs = totalTimeMs(entry);
    const targetMs = entry.targetProcessingMs;
    this.source = failureSource(entry);
    this.totalMs = totalMs;
    this.totalBucket = totalMs === null ? -1 : LatencyHistogram.bucketOf(totalMs);
    this.targetMs = targetMs;
    this.targetBucket = targetMs === null ? -1 : LatencyHistogram.bucketOf(targetMs);
    return this;
  }
}

/** Running counts and latency distributions for one slice of traffic. */
export class TrafficStats {
  private total = 0;
  private elb5xx = 0;
  private target5xx = 0;
  private readonly latency = new LatencyHistogram();
  private readonly targetLatency = new LatencyHistogram();

  /** Accounts for one request, already classified by `RequestFacts.of`. */
  add(facts: RequestFacts): void {
    this.total += 1;
    if (facts.source === 'elb') this.elb5xx += 1;
    else if (facts.source === 'target') this.target5xx += 1;
    if (facts.totalMs !== null) this.latency.addToBucket(facts.totalMs, facts.totalBucket);
    if (facts.targetMs !== null) this.targetLatency.addToBucket(facts.targetMs, facts.targetBucket);
  }

  /** Requests seen so far. */
  get count(): number {
    return this.total;
  }

  /** The figures as reported. */
  summary(): TrafficSummary {
    const failed = this.elb5xx + this.target5xx;
    return {
      total: this.total,
      successRate: this.total === 0 ? null : ((this.total - failed) / this.total) * 100,
      errors5xx: { elb: this.elb5xx, target: this.target5xx },
      latencyMs: this.latency.summary(),
      targetLatencyMs: this.targetLatency.summary(),
    };
  }
}
