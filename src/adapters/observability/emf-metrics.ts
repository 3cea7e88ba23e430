import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { MetricName, OperationalMetrics } from './operational-metrics';

/**
 * Operational counts as CloudWatch Embedded Metric Format through Powertools Metrics: buffered
 * in memory and written to stdout as one EMF line when the invocation ends (Powertools'
 * `logMetrics` middleware, src/infra/lambda-start/lambda-observability.ts). A name counted
 * several times in one invocation is one metric with several values.
 */
export class EmfMetrics implements OperationalMetrics {
  constructor(readonly powertools: Metrics) {}

  count(name: MetricName, value = 1): void {
    this.powertools.addMetric(name, MetricUnit.Count, value);
  }
}
