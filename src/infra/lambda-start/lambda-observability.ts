import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { JsonLog } from '../../adapters/observability/json-log';
import { EmfMetrics } from '../../adapters/observability/emf-metrics';
import { HospLogFormatter } from '../../adapters/observability/hosp-log-formatter';
import { powertoolsJsonLog } from '../../adapters/observability/powertools-json-log';
import { Observability } from '../app';
import { Env } from '../config/env-reader';

/** Powertools' Logger, Metrics and Tracer for one Lambda container, and how to wrap its handler with them. */
export interface LambdaObservability extends Observability {
  readonly logger: Logger;
  readonly emf: Metrics;
  readonly tracer: Tracer;
  /**
   * The handler with Powertools' middlewares: the Lambda context (request id, cold start) on
   * every log line, the invocation's metrics flushed as one EMF line when it ends (and a
   * ColdStart metric on the first), and an X-Ray segment around it.
   */
  observe<E, R>(handler: (event: E, context: Context) => Promise<R>): (event: E, context: Context) => Promise<R>;
}

/**
 * Built once per container, before the app, so that the app logs, counts and traces through
 * it (StartAppOptions.observability). Names and level come from the environment the template
 * sets: POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_LOG_LEVEL (Powertools
 * reads the last itself). Tracing is on only inside Lambda with `Tracing: Active`.
 */
export function lambdaObservability(env: Env = process.env): LambdaObservability {
  const serviceName = env.POWERTOOLS_SERVICE_NAME || 'hosp';
  const logger = new Logger({ serviceName, logFormatter: new HospLogFormatter() });
  const log = powertoolsJsonLog(logger);
  const emf = new Metrics({ namespace: env.POWERTOOLS_METRICS_NAMESPACE || 'hosp', serviceName, logger: metricsWarnings(log) });
  // Outgoing HTTP is not patched: the legacy transport's agents, deadlines and abort signals are
  // the boundary this product is about, and its retries and outcomes are counted as metrics.
  const tracer = new Tracer({ serviceName, captureHTTPsRequests: false });
  return {
    logger,
    emf,
    tracer,
    log,
    metrics: new EmfMetrics(emf),
    instrumentAwsClient: (client) => void tracer.captureAWSv3Client(client),
    observe: <E, R>(handler: (event: E, context: Context) => Promise<R>) => {
      const observed = middy<E, R, Error, Context>(handler)
        // Responses hold patients' and staff's data: never copied into traces.
        .use(captureLambdaHandler(tracer, { captureResponse: false }))
        // Never the event, whatever POWERTOOLS_LOGGER_LOG_EVENT says: it holds the Authorization
        // header (the password), the origin secret and patients' data.
        .use(injectLambdaContext(logger, { logEvent: false }))
        .use(logMetrics(emf, { captureColdStartMetric: true }));
      return (event: E, context: Context) => observed(event, context);
    },
  };
}

/**
 * Powertools Metrics' own warnings into hosp's log. "No application metrics to publish" is the
 * normal end of most invocations (nothing was retried or refused), so it is only a debug line.
 */
function metricsWarnings(log: JsonLog) {
  const at = (level: string) => (message: unknown) => log({ level, msg: `metrics: ${String(message)}` });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: (message: unknown) => log({ level: String(message).startsWith('No application metrics') ? 'debug' : 'warn', msg: `metrics: ${String(message)}` }),
    error: at('error'),
  };
}
