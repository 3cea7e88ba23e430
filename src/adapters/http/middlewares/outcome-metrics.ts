import { MetricName, OperationalMetrics } from '../../observability/operational-metrics';
import { ApiRequest, apiState } from '../api-request';

/** Error codes operators count, and the metric each one feeds. */
const METRIC_OF_ERROR: ReadonlyMap<string, MetricName> = new Map([
  ['LOCKED_OUT', 'LockOuts'],
  ['UNAUTHENTICATED', 'AuthenticationFailures'],
]);

/**
 * Counts the outcomes of requests that operators watch (lock-outs, failed authentication),
 * from the code the error contract answered with. Register it just after the request logger:
 * its `onError` then runs once the error contract has set the code.
 */
export function outcomeMetrics(metrics: OperationalMetrics) {
  const count = (request: ApiRequest): void => {
    const code = apiState(request).errorCode;
    const metric = code === undefined ? undefined : METRIC_OF_ERROR.get(code);
    if (metric) metrics.count(metric);
  };
  return { after: count, onError: count };
}
