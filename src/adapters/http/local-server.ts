import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isJsonMediaType, parseMediaType } from '../shared/media-type';
import { decodeStrictUtf8 } from '../shared/strict-utf8';
import { JsonLog, stdoutJsonLog } from '../observability/json-log';

/** Any API Gateway proxy handler: hosp's Middy handlers, or a test double. */
export type ProxyHandler = (event: APIGatewayProxyEventV2, context: { awsRequestId: string }) => Promise<unknown>;

export interface LocalServerOptions {
  readonly handler: ProxyHandler;
  /** 0 picks a free port. */
  readonly port: number;
  /** Loopback only by default: the local server is for one developer's machine. */
  readonly host?: string;
  /**
   * Largest body read (default 5 MiB, above every route's own limit); a longer one is answered
   * 413 here, as API Gateway answers bodies over its limit: no handler ever sees a cut body.
   */
  readonly maxBodyBytes?: number;
  /** In-flight requests get this long to finish on close before their connections are cut. */
  readonly shutdownGraceMs?: number;
  readonly log?: JsonLog;
}

export interface LocalServer {
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. Safe to call twice. */
  close(): Promise<void>;
}

interface ProxyResult {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

/** Bodies API Gateway passes on as text rather than base64: text, JSON, XML and HTML forms. */
const isTextMediaType = (type: string): boolean =>
  type.startsWith('text/') ||
  isJsonMediaType(type) ||
  /^application\/(?:[a-z0-9!#$&^_.-]+\+)?xml$/.test(type) ||
  type === 'application/x-www-form-urlencoded';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
function clfTime(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000`;
}

// The formatted time changes once a second; under load, thousands of requests share it.
let lastSecond = Number.NaN;
let lastClfTime = '';
function cachedClfTime(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastClfTime = clfTime(date);
  }
  return lastClfTime;
}

/**
 * Builds the event API Gateway (HTTP API, payload 2.0) would send for this request: raw path
 * and query, lower-cased headers with repeats joined by commas, cookies split out, text
 * bodies as text and anything else (or invalid UTF-8) base64-encoded.
 */
export function toV2Event(req: IncomingMessage, body: Buffer, requestId: string, now = new Date()): APIGatewayProxyEventV2 {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQueryString = q < 0 ? '' : url.slice(q + 1);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  // rawHeaders (name, value, name, value…) in arrival order: no per-header arrays as with headersDistinct.
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === 'cookie') {
      for (const c of value.split(/;\s*/)) if (c.length > 0) (cookies ??= []).push(c);
    } else {
      headers[name] = Object.hasOwn(headers, name) ? `${headers[name]},${value}` : value;
    }
  }
  const textual = body.length > 0 && isTextMediaType(parseMediaType(headers['content-type']).type);
  const text = textual ? decodeStrictUtf8(body, { stripBom: true }) : null;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 && { cookies }),
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: cachedClfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 && { body: text ?? body.toString('base64') }),
    isBase64Encoded: body.length > 0 && text === null,
  };
  if (rawQueryString) withLazyQueryParameters(event, rawQueryString);
  return event;
}

/**
 * `queryStringParameters` as API Gateway sends it (repeats joined by commas), parsed only if
 * something reads it: the handler reads `rawQueryString`, so on the hot path the query is not
 * parsed twice. Enumerable, so the event looks (and serialises) the same as a plain one.
 */
function withLazyQueryParameters(event: APIGatewayProxyEventV2, rawQueryString: string): void {
  let parsed: Record<string, string> | undefined;
  Object.defineProperty(event, 'queryStringParameters', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!parsed) {
        parsed = {};
        for (const [name, value] of new URLSearchParams(rawQueryString)) {
          parsed[name] = Object.hasOwn(parsed, name) ? `${parsed[name]},${value}` : value;
        }
      }
      return parsed;
    },
  });
}

/** Writes a proxy result as API Gateway would: headers, multi-value headers, cookies, base64 bodies. */
export function writeProxyResult(res: ServerResponse, result: unknown): void {
  if (typeof result !== 'object' || result === null || typeof (result as ProxyResult).statusCode !== 'number') {
    // HTTP API's rule for a result without statusCode: 200, the result as JSON.
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  const r = result as ProxyResult;
  const headers: string[] = [];
  let framed = false;
  const add = (name: string, value: string): void => {
    headers.push(name, value);
    if (!framed && (name.length === 14 || name.length === 17)) {
      const lower = name.toLowerCase();
      framed = lower === 'content-length' || lower === 'transfer-encoding';
    }
  };
  for (const [name, value] of Object.entries(r.headers ?? {})) add(name, String(value));
  for (const [name, values] of Object.entries(r.multiValueHeaders ?? {})) {
    for (const value of values) add(name, String(value));
  }
  for (const cookie of r.cookies ?? []) headers.push('set-cookie', cookie);
  // Text bodies stay strings (no copy into a Buffer per response); Content-Length counts bytes.
  const body: string | Buffer = r.body === undefined ? '' : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body;
  // As API Gateway does: a Content-Length rather than chunked encoding (none on 1xx, 204, 304).
  const status = r.statusCode!;
  if (!framed && status >= 200 && status !== 204 && status !== 304) {
    headers.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length));
  }
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * Reads the body up to `max` bytes; `truncated` (and no body) when there was more. The rest
 * is then read and discarded (bounded by the server's request timeout) rather than left on
 * the socket: closing a connection with unread data makes TCP reset it, and the client would
 * see a reset instead of the 413.
 */
function readBody(req: IncomingMessage, max: number): Promise<{ body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        req.resume();
        resolve({ body: Buffer.alloc(0), truncated: true });
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve({ body: Buffer.concat(chunks), truncated: false }));
    req.on('error', reject);
  });
}

/** The error contract's 413, for a body over the server's own limit. */
const payloadTooLarge = (max: number, requestId: string): ProxyResult => ({
  statusCode: 413,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  body: JSON.stringify({ error: { code: 'PAYLOAD_TOO_LARGE', message: `The body must be at most ${max} bytes.`, requestId } }),
});

/**
 * Serves a Lambda proxy handler over node:http, so `npm start` runs exactly the code
 * Lambda runs. Each request becomes an HTTP API v2 event; each result becomes a response.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { handler, port, host = '127.0.0.1', maxBodyBytes = 5 * 1024 * 1024, shutdownGraceMs = 10_000, log = stdoutJsonLog } = options;

  let shuttingDown = false;
  const server: Server = createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      const { body, truncated } = await readBody(req, maxBodyBytes);
      if (truncated) {
        writeProxyResult(res, payloadTooLarge(maxBodyBytes, requestId));
        return;
      }
      const result = await handler(toV2Event(req, body, requestId), { awsRequestId: requestId });
      // Once shutting down, the connection ends with this response.
      if (shuttingDown) res.shouldKeepAlive = false;
      writeProxyResult(res, result);
    } catch (error) {
      log({ level: 'error', msg: 'local server: handler failed', requestId, error: (error as Error)?.name });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
      else res.destroy();
    }
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      shuttingDown = true;
      const force = setTimeout(() => server.closeAllConnections(), shutdownGraceMs);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    }));

  return { url: `http://${host}:${actualPort}`, port: actualPort, close };
}
