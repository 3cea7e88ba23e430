import * as http from 'node:http';
import * as https from 'node:https';
import { formatBasicCredentials } from '../shared/basic-credentials';
import { LegacyAnswerTooLargeError } from './legacy-answer-too-large-error';
import { LegacyCredentials, LegacyRequest, LegacyResponse } from './legacy-exchange';

/**
 * What happens to a pooled connection after a request with a body:
 * - `close` (the default): `Connection: close` is sent with the request, so legacy answers and
 *   stops; nothing it left unread can become another request.
 * - `reuse-if-clean`: kept only after a 2xx that arrived once the whole body was written;
 *   closed after anything else. Faster, but not enough on its own: legacy parses unread bytes
 *   as the next request as soon as it has answered, before the client can close anything.
 */
export type BodyConnections = 'reuse-if-clean' | 'close';

export interface LegacyTransportOptions {
  /** HOSP_LEGACY_URL; a path prefix is kept. */
  readonly baseUrl: string;
  /** The service account's Basic credentials, sent unless a request brings its own. */
  readonly credentials: LegacyCredentials;
  /** Connections open at once (the bulkhead's concurrency). */
  readonly maxSockets: number;
  /** Larger answers fail the attempt rather than being buffered. */
  readonly maxResponseBytes: number;
  readonly bodyConnections: BodyConnections;
}

/** What legacy answered, whatever the status: deciding what a status means is not the transport's job. */
export type LegacyAnswer = Omit<LegacyResponse, 'attempts' | 'reconciled'>;

const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'trailers',
  'transfer-encoding', 'upgrade', 'host', 'content-length', 'authorization', 'expect',
]);

/**
 * One HTTP exchange with legacy HOSP over a keep-alive agent: end-to-end headers only, Basic
 * credentials, a binary body, the answer buffered up to a size limit.
 *
 * Connection hygiene: legacy sends some answers (a fast 5xx, a 404 for an unknown route, a
 * 501) without reading the request body; on a kept-alive connection the unread bytes would be
 * parsed as the start of the next request, letting one caller's body prefix another's request.
 * So a connection that carried a body goes back to the pool only when legacy certainly read
 * it (see `bodyConnections`).
 */
export class LegacyTransport {
  private readonly base: URL;
  private readonly prefix: string;
  private readonly client: typeof http | typeof https;
  private readonly agent: http.Agent;
  private readonly authorization: string;

  constructor(private readonly options: LegacyTransportOptions) {
    this.base = new URL(options.baseUrl);
    this.prefix = this.base.pathname.replace(/\/+$/, '');
    const secure = this.base.protocol === 'https:';
    this.client = secure ? https : http;
    const Agent = secure ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' });
    this.authorization = formatBasicCredentials(options.credentials);
  }

  /**
   * Sends `request` once and resolves with legacy's answer, any status. Rejects on connection
   * and parser errors, `signal` aborting (the request is destroyed), or an answer larger than
   * `maxResponseBytes` (LegacyAnswerTooLargeError, the connection is dropped).
   */
  send(request: LegacyRequest, signal: AbortSignal): Promise<LegacyAnswer> {
    const hasBody = request.body !== undefined && request.body.length > 0;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) headers[name.toLowerCase()] = value as string | string[];
    }
    headers.authorization = request.credentials ? formatBasicCredentials(request.credentials) : this.authorization;
    if (request.body) headers['content-length'] = request.body.length;
    if (hasBody && this.options.bodyConnections === 'close') headers.connection = 'close';
    return new Promise((resolve, reject) => {
      const req = this.client.request(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname,
          port: this.base.port,
          method: request.method.toUpperCase(),
          path: this.prefix + request.path,
          headers,
          agent: this.agent,
          signal,
        },
        (res) => {
          // Decided now, not at 'end': node hands the socket back to the agent in its own 'end'
          // listener, which runs before any of ours (lib/_http_client.js, responseOnEnd).
          if (hasBody && !this.bodyWasRead(req, res)) req.shouldKeepAlive = false;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= this.options.maxResponseBytes) return void chunks.push(chunk);
            reject(new LegacyAnswerTooLargeError(this.options.maxResponseBytes));
            chunks.length = 0;
            // The rest of the answer is unread on the connection: it must not be pooled.
            req.destroy();
          });
          res.on('error', reject);
          res.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 502, headers: copyHeaders(res.headers), body: Buffer.concat(chunks) });
          });
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });
  }

  /** Closes pooled connections. */
  close(): void {
    this.agent.destroy();
  }

  /**
   * Whether legacy certainly consumed the request body: it answered 2xx (it processed the
   * request) after the whole body had been handed to the socket. Anything else — an error
   * status, or any answer that came while the body was still being written — may leave body
   * bytes unread on the connection.
   */
  private bodyWasRead(req: http.ClientRequest, res: http.IncomingMessage): boolean {
    if (this.options.bodyConnections === 'close') return false;
    const status = res.statusCode ?? 0;
    return status >= 200 && status < 300 && req.writableFinished;
  }
}

function copyHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const copy: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) copy[name] = value;
  return copy;
}
