import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/**
 * Powertools Logger's lines in hosp's own shape, the one the local server writes
 * (`{"time","level","msg",…fields}`), so one set of log queries serves both. What Powertools
 * knows about the invocation follows the fields: the Lambda request id, whether this was the
 * container's cold start, the X-Ray trace id, the service. Empty values are left out.
 */
export class HospLogFormatter extends LogFormatter {
  /**
   * An Error in an entry as its name, message and stack only: Powertools would add every
   * property the error carries (an SDK error's request metadata, a failed condition's item).
   */
  override formatError(error: Error): LogAttributes {
    return { name: error.name, message: error.message, stack: error.stack };
  }

  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const lambda = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        time: attributes.timestamp.toISOString(),
        level: attributes.logLevel.toLowerCase(),
        msg: attributes.message,
        ...additional,
        service: attributes.serviceName,
        ...(lambda && { coldStart: lambda.coldStart, lambdaRequestId: lambda.awsRequestId, functionName: lambda.functionName }),
        traceId: attributes.xRayTraceId,
      },
    });
  }
}
