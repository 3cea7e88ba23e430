import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';

/** A request as a test describes it; turned into a real-shaped API Gateway event. */
export interface TestRequest {
  method: string;
  /** Path with optional query, e.g. `/hospitals?limit=2`. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body base64-encoded (always true for a Buffer body). */
  base64?: boolean;
  requestId?: string;
  /** The caller's address as API Gateway saw it (default 192.0.2.1, or 192.0.2.2 for v1). */
  sourceIp?: string;
  /** v2 only: what a Lambda authorizer returned as `context`, put where API Gateway puts it (`requestContext.authorizer.lambda`). */
  authorizerContext?: unknown;
}

let counter = 0;

/** Sets an own property, as JSON.parse would, even for keys like `__proto__`. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const own = <T>(target: Record<string, T>, key: string): T | undefined => (Object.hasOwn(target, key) ? target[key] : undefined);
const nextRequestId = (): string => `req-${++counter}`;

function splitPath(path: string): { rawPath: string; rawQuery: string } {
  const q = path.indexOf('?');
  return q < 0 ? { rawPath: path, rawQuery: '' } : { rawPath: path.slice(0, q), rawQuery: path.slice(q + 1) };
}

function encodeBody(request: TestRequest): { body: string | undefined; isBase64Encoded: boolean } {
  if (request.body === undefined) return { body: undefined, isBase64Encoded: false };
  if (Buffer.isBuffer(request.body)) return { body: request.body.toString('base64'), isBase64Encoded: true };
  if (request.base64) return { body: Buffer.from(request.body, 'utf8').toString('base64'), isBase64Encoded: true };
  return { body: request.body, isBase64Encoded: false };
}

/**
 * An HTTP API (payload format 2.0) event, shaped like the sample in the AWS docs
 * ("Working with AWS Lambda proxy integrations for HTTP APIs").
 */
export function v2Event(request: TestRequest): APIGatewayProxyEventV2 {
  const { rawPath, rawQuery } = splitPath(request.path);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (name.toLowerCase() === 'cookie') cookies = value.split(/;\s*/);
    else setOwn(headers, name.toLowerCase(), value);
  }
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) {
    const previous = own(query, k);
    setOwn(query, k, previous === undefined ? v : `${previous},${v}`);
  }
  const requestId = request.requestId ?? nextRequestId();
  const { body, isBase64Encoded } = encodeBody(request);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: rawQuery,
    ...(cookies && { cookies }),
    headers: Object.assign({ 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.1', host: 'id.execute-api.us-east-1.amazonaws.com' }, headers),
    ...(rawQuery && { queryStringParameters: query }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      http: { method: request.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: request.sourceIp ?? '192.0.2.1', userAgent: 'agent' },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
      ...(request.authorizerContext !== undefined && { authorizer: { lambda: request.authorizerContext } }),
    },
    ...(body !== undefined && { body }),
    isBase64Encoded,
  } as APIGatewayProxyEventV2;
}

/**
 * What API Gateway sends an HTTP API Lambda authorizer (REQUEST type, payload format 2.0)
 * for this request, shaped like the sample in the AWS docs ("Control access to HTTP APIs
 * with AWS Lambda authorizers") and captured events: lower-cased headers, the identity
 * source's values (here `$request.header.Authorization`) in `identitySource`, `routeArn`,
 * and a `requestContext` without `authorizer` (that is what the authorizer decides). No body.
 */
export function v2AuthorizerEvent(request: Omit<TestRequest, 'body' | 'base64' | 'authorizerContext'>, routeKey = '$default'): APIGatewayRequestAuthorizerEventV2 {
  const { rawPath, rawQuery } = splitPath(request.path);
  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (name.toLowerCase() === 'cookie') cookies = value.split(/;\s*/);
    else setOwn(headers, name.toLowerCase(), value);
  }
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) {
    const previous = own(query, k);
    setOwn(query, k, previous === undefined ? v : `${previous},${v}`);
  }
  const authorization = own(headers, 'authorization');
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:us-east-1:123456789012:api-id/$default/${request.method}${rawPath}`,
    identitySource: authorization === undefined ? [] : [authorization],
    routeKey,
    rawPath,
    rawQueryString: rawQuery,
    cookies,
    headers: Object.assign({ 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.1', host: 'id.execute-api.us-east-1.amazonaws.com' }, headers),
    ...(rawQuery && { queryStringParameters: query }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      http: { method: request.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: request.sourceIp ?? '192.0.2.1', userAgent: 'agent' },
      requestId: request.requestId ?? nextRequestId(),
      routeKey,
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
  };
}

/**
 * A REST API (payload format 1.0) proxy event, shaped like the AWS docs sample: headers as
 * the client cased them, plus `multiValueHeaders` and `multiValueQueryStringParameters`.
 */
export function v1Event(request: TestRequest): APIGatewayProxyEvent {
  const { rawPath, rawQuery } = splitPath(request.path);
  const headers: Record<string, string> = { Host: 'id.execute-api.us-east-1.amazonaws.com', 'X-Forwarded-Proto': 'https' };
  for (const [k, v] of Object.entries(request.headers ?? {})) setOwn(headers, k, v);
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) setOwn(multiValueHeaders, k, [v]);
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) {
    setOwn(query, k, v);
    setOwn(multiQuery, k, [...(own(multiQuery, k) ?? []), v]);
  }
  const requestId = request.requestId ?? nextRequestId();
  const { body, isBase64Encoded } = encodeBody(request);
  return {
    resource: '/{proxy+}',
    path: rawPath,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: rawQuery ? query : null,
    multiValueQueryStringParameters: rawQuery ? multiQuery : null,
    pathParameters: { proxy: rawPath.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: '1234567890',
      authorizer: null,
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      extendedRequestId: 'request-id',
      httpMethod: request.method,
      identity: {
        accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null, clientCert: null,
        cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null,
        cognitoIdentityPoolId: null, principalOrgId: null, sourceIp: request.sourceIp ?? '192.0.2.2', user: null,
        userAgent: 'Custom User Agent String', userArn: null,
      },
      path: `/prod${rawPath}`,
      protocol: 'HTTP/1.1',
      requestId,
      requestTime: '09/Apr/2015:12:34:56 +0000',
      requestTimeEpoch: 1428582896000,
      resourceId: '123456',
      resourcePath: '/{proxy+}',
      stage: 'prod',
    },
    body: body ?? null,
    isBase64Encoded,
  };
}
