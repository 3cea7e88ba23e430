import { RequestHead } from './request-head';

/** An answer to one request. */
export interface HttpAnswer {
  readonly status: number;
  /** Besides Content-Length, Date and Connection, which the server sets. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  /** Omitted on the wire for HEAD requests and 204/304, but still measured for HEAD. */
  readonly body?: Buffer | string;
  /** Close the connection after this answer even if the client would keep it. */
  readonly close?: boolean;
}

/**
 * One request on a connection, handed to the application. The connection takes no further
 * request until this one is answered or reset, so pipelined answers keep their order.
 */
export interface HttpExchange {
  readonly head: RequestHead;
  /** The first value of a header (case-insensitive name). */
  header(name: string): string | undefined;
  /**
   * The whole body (chunked decoded); undefined when it cannot be had: the connection was
   * reset or closed, or the framing was bad or too large (then the connection has already
   * answered 400 or 413 and is closing). Calling it again returns the same promise.
   */
  readBody(): Promise<Buffer | undefined>;
  /**
   * Sends the answer. A body that was never read is left in the connection's buffer, where
   * it is parsed as the start of the next request: the rough transport the simulator models.
   */
  respond(answer: HttpAnswer): void;
  /** Destroys the connection at once, as a reset. */
  reset(): void;
  /** Whether the connection is gone, so an answer could no longer be delivered. */
  readonly closed: boolean;
}
