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
export function failureSource(entry: AlbLogEntry): FailureSource | null {
  if (entry.elbStatus === null || entry.elbStatus < 500 || entry.elbStatus > 599) return null;
  const target = entry.targetStatus;
  return target !== null && target >= 500 && target <= 599 ? 'target' : 'elb';
}

/** Total time of an entry, leaving out phases logged as -1; null when none was measured. */
export function totalTimeMs(entry: AlbLogEntry): number | null {
  const { requestProcessingMs: a, targetProcessingMs: b, responseProcessingMs: c } = entry;
  if (a === null && b === null && c === null) return null;
  return Math.round(((a ?? 0) + (b ?? 0) + (c ?? 0)) * 1000) / 1000;
}

/** What every slice needs to know about one request, worked out once per line. */
export class RequestFacts {
  private constructor(
    readonly source: FailureSource | null,
    readonly totalMs: number | null,
    readonly totalBucket: number,
    readonly targetMs: number | null,
    readonly targetBucket: number,
  ) {}

  static of(entry: AlbLogEntry): RequestFacts {
    const totalMs = totalTimeMs(entry);
    const targetMs = entry.targetProcessingMs;
    return new RequestFacts(
      failureSource(entry),
      totalMs,
      totalMs === null ? -1 : LatencyHistogram.bucketOf(totalMs),
      targetMs,
      targetMs === null ? -1 : LatencyHistogram.bucketOf(targetMs),
    );
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
