import * as net from 'node:net';
import { bodyFraming } from './body-framing';
import { ByteQueue } from './byte-queue';
import { HttpAnswer, HttpExchange } from './http-exchange';
import { badRequestSyntax, PYTHON_ERROR_CONTENT_TYPE, pythonErrorPage } from './python-error-page';
import { ReceivedEntry, ReceivedLog } from './received-requests';
import { RequestBodyReader } from './request-body-reader';
import { headerValue, parseRequestHead, RequestHead, wantsKeepAlive } from './request-head';
import { BODILESS_STATUSES, KEEP_ALIVE_SECONDS, responseHead } from './response-head';

/** What a connection needs from the server it belongs to. */
export interface HttpConnectionOptions {
  /** Called once per request; the next request on the connection waits until this one is answered. */
  readonly handler: (exchange: HttpExchange) => void | Promise<void>;
  /** When above 0, a response's body is sent this long after its status line and headers. */
  readonly splitWritesMs: number;
  readonly received: ReceivedLog;
}

export const MAX_HEAD_BYTES = 16 * 1024;
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
const PARTIAL_HEAD_TIMEOUT_MS = 60_000;
/** How long a closing connection keeps reading, so its last answer is not lost to a reset. */
const LINGER_MS = 2_000;
/** Pipelined bytes buffered while a request is in progress before the socket is paused. */
const PAUSE_ABOVE_BYTES = 1024 * 1024;
const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);

interface Exchange {
  readonly head: RequestHead;
  readonly entry: ReceivedEntry;
  readonly reader: RequestBodyReader;
  readonly expectsContinue: boolean;
  body?: Promise<Buffer | undefined>;
  /** Set while the application waits for the body. */
  waiting?: (body: Buffer | undefined) => void;
  answered: boolean;
}

/**
 * One HTTP/1.1 connection: parses request heads off the socket, hands one request at a time
 * to the application and writes its answer. Unlike node:http it never drains a body on its
 * own: a body is consumed only when the application reads it, so an answer sent without
 * reading leaves those bytes to be parsed as the next request.
 */
export class HttpConnection {
  private readonly queue = new ByteQueue();
  private readonly timers = new Set<NodeJS.Timeout>();
  private current: Exchange | undefined;
  private peerEnded = false;
  private closing = false;
  private pumping = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly options: HttpConnectionOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onPeerEnd());
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.onClose());
    this.pump();
  }

  /** Ends the connection at once, whatever it is doing (server shutdown). */
  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    this.queue.push(chunk);
    if (!this.current) return this.pump();
    if (this.current.waiting) this.feedBody(this.current);
    else if (this.queue.length > PAUSE_ABOVE_BYTES) this.socket.pause();
  }

  private onPeerEnd(): void {
    this.peerEnded = true;
    if (this.closing) {
      // Once our answer is flushed the end() callback destroys the socket; before that, wait for it.
      if (this.socket.writableFinished) this.socket.destroy();
      return;
    }
    if (!this.current) this.pump();
    else if (this.current.waiting) this.feedBody(this.current);
  }

  private onClose(): void {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const waiting = this.current?.waiting;
    this.current = undefined;
    waiting?.(undefined);
  }

  /** Starts on the requests already buffered, one at a time. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.current && !this.closing && !this.socket.destroyed) {
        const parsed = parseRequestHead(this.queue.view(), MAX_HEAD_BYTES);
        if (parsed.kind === 'incomplete') return this.waitForRequest();
        if (parsed.kind === 'too-large') return this.refuse(431, 'Request header fields too large');
        if (parsed.kind === 'malformed') return this.refuse(400, badRequestSyntax(parsed.firstLine));
        this.queue.consume(parsed.length);
        this.begin(parsed.head);
      }
    } finally {
      this.pumping = false;
    }
  }

  private waitForRequest(): void {
    if (this.peerEnded) return this.closeGracefully();
    this.socket.setTimeout(this.queue.length === 0 ? KEEP_ALIVE_SECONDS * 1000 : PARTIAL_HEAD_TIMEOUT_MS);
    this.socket.resume();
  }

  private begin(head: RequestHead): void {
    this.socket.setTimeout(0);
    const entry = this.options.received.add(head);
    const framing = bodyFraming(head, MAX_BODY_BYTES);
    if (framing.kind === 'invalid') return this.refuse(400, `Bad request (${framing.reason})`);
    if (framing.kind === 'too-large') return this.refuse(413, 'Content too large');
    const exchange: Exchange = {
      head,
      entry,
      reader: new RequestBodyReader(framing, MAX_BODY_BYTES),
      expectsContinue: framing.kind !== 'none' && head.httpVersion === '1.1' && headerValue(head, 'expect')?.toLowerCase() === '100-continue',
      answered: false,
    };
    this.current = exchange;
    let outcome: void | Promise<void>;
    try {
      outcome = this.options.handler(this.expose(exchange));
    } catch (error) {
      outcome = Promise.reject(error);
    }
    Promise.resolve(outcome).catch(() => this.respond(exchange, { status: 500, close: true }));
  }

  private expose(exchange: Exchange): HttpExchange {
    const socket = this.socket;
    return {
      get closed() {
        return socket.destroyed;
      },
      head: exchange.head,
      header: (name) => headerValue(exchange.head, name),
      readBody: () => this.readBody(exchange),
      respond: (answer) => this.respond(exchange, answer),
      reset: () => {
        if (exchange === this.current) this.socket.destroy();
      },
    };
  }

  private readBody(exchange: Exchange): Promise<Buffer | undefined> {
    if (exchange.body) return exchange.body;
    if (exchange !== this.current || exchange.answered) return (exchange.body = Promise.resolve(undefined));
    exchange.body = new Promise((resolve) => (exchange.waiting = resolve));
    if (exchange.expectsContinue && this.queue.length === 0) this.socket.write(CONTINUE);
    this.socket.resume();
    this.feedBody(exchange);
    return exchange.body;
  }

  private feedBody(exchange: Exchange): void {
    const read = exchange.reader.read(this.queue);
    if (read.kind === 'incomplete') {
      if (this.peerEnded) this.socket.destroy();
      return;
    }
    if (read.kind === 'too-large') return this.refuse(413, 'Content too large');
    if (read.kind === 'invalid') return this.refuse(400, 'Bad chunked encoding');
    exchange.entry.bodyRead(read.body);
    const waiting = exchange.waiting;
    exchange.waiting = undefined;
    waiting?.(read.body);
  }

  private respond(exchange: Exchange, answer: HttpAnswer): void {
    if (exchange !== this.current || exchange.answered || this.socket.destroyed) return;
    exchange.answered = true;
    const keepAlive = answer.close !== true && wantsKeepAlive(exchange.head);
    this.write(answer, exchange.head.method === 'HEAD', keepAlive, () => {
      this.current = undefined;
      if (keepAlive) this.pump();
      else this.closeGracefully();
    });
  }

  /** A transport-level refusal (Python's error page), after which the connection closes. */
  private refuse(status: number, message: string): void {
    const exchange = this.current;
    if (exchange) exchange.answered = true;
    this.closing = true;
    const answer = { status, headers: [['Content-Type', PYTHON_ERROR_CONTENT_TYPE]] as const, body: pythonErrorPage(status, message) };
    this.write(answer, false, false, () => {
      this.current = undefined;
      exchange?.waiting?.(undefined);
      this.closeGracefully();
    });
  }

  private write(answer: HttpAnswer, omitBody: boolean, keepAlive: boolean, done: () => void): void {
    if (this.socket.destroyed) return;
    const body = typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : (answer.body ?? EMPTY);
    const head = responseHead(answer.status, answer.headers ?? [], body.length, keepAlive);
    const sent = omitBody || BODILESS_STATUSES.has(answer.status) ? EMPTY : body;
    if (sent.length === 0 || this.options.splitWritesMs <= 0) {
      this.socket.write(sent.length === 0 ? head : Buffer.concat([head, sent]));
      return done();
    }
    this.socket.write(head);
    this.after(this.options.splitWritesMs, () => {
      this.socket.write(sent);
      done();
    });
  }

  /** Ends our side, then keeps reading (and discarding) for a while so the peer sees the answer, not a reset. */
  private closeGracefully(): void {
    this.closing = true;
    this.queue.consume(this.queue.length);
    if (this.socket.destroyed) return;
    this.socket.setTimeout(0);
    this.socket.resume();
    this.socket.end(() => {
      if (this.peerEnded) this.socket.destroy();
      else this.after(LINGER_MS, () => this.socket.destroy());
    });
  }

  private after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.socket.destroyed) action();
    }, ms);
    this.timers.add(timer);
  }
}
