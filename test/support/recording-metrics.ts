import { MetricName, OperationalMetrics } from '../../src/adapters/observability/operational-metrics';

/** OperationalMetrics that keeps totals per name, for assertions. */
export interface RecordingMetrics extends OperationalMetrics {
  /** The total counted under `name` so far (0 when never counted). */
  total(name: MetricName): number;
  /** Every name counted so far with its total. */
  totals(): Partial<Record<MetricName, number>>;
}

export function recordingMetrics(): RecordingMetrics {
  const counted = new Map<MetricName, number>();
  return {
    count: (name, value = 1) => void counted.set(name, (counted.get(name) ?? 0) + value),
    total: (name) => counted.get(name) ?? 0,
    totals: () => Object.fromEntries(counted),
  };
}
