/*
 * The access-log formats `hosp logs analyze` reads, outermost first: what clients received
 * at the edge (CloudFront), at the API (HTTP API access logs), and what legacy's load
 * balancer answered per attempt (ALB). Each format names who can produce a 5xx in it.
 */

/** A log format, as given to `--format`. */
export type AccessLogFormat = 'cloudfront' | 'apigw' | 'alb';

/** Every format, in the order a request passes through them (client side first). */
export const ACCESS_LOG_FORMATS: readonly AccessLogFormat[] = ['cloudfront', 'apigw', 'alb'];

/**
 * Who produced a 5xx, per format: [the front component itself, what stands behind it].
 * CloudFront: the edge (could not reach or read the origin, quota) or the origin (the API
 * answered 5xx). HTTP API: API Gateway (integration or authorizer failure) or the
 * integration (hosp's Lambda answered 5xx; for legacy routes, legacy's failure passed on).
 * ALB: the load balancer or the target (legacy HOSP).
 */
export const PRODUCERS: Readonly<Record<AccessLogFormat, readonly [string, string]>> = {
  cloudfront: ['edge', 'origin'],
  apigw: ['gateway', 'integration'],
  alb: ['elb', 'target'],
};

/** Human names, for reports. */
export const FORMAT_TITLES: Readonly<Record<AccessLogFormat, string>> = {
  cloudfront: 'CloudFront standard logs',
  apigw: 'HTTP API access logs',
  alb: 'ALB access logs',
};
