import { RequestHead } from './request-head';

/** A request exactly as it reached the simulator, for tests to assert what legacy saw. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly target: string;
  /** `1.0` or `1.1`. */
  readonly httpVersion: string;
  /** In arrival order, names as sent. */
  readonly headers: Array<[string, string]>;
  /** Empty when the body was not read. */
  readonly body: Buffer;
  /** False when the simulator answered without reading the body (its bytes stayed on the connection). */
  readonly bodyRead: boolean;
}

/** The log's entry for one request, filled in when the connection reads the body. */
export interface ReceivedEntry {
  bodyRead(body: Buffer): void;
}

interface Entry {
  readonly head: RequestHead;
  body: Buffer;
  bodyRead: boolean;
}

const EMPTY = Buffer.alloc(0);

/**
 * The last `maxRequests` requests received, oldest first. Bodies count against `maxBodyBytes`
 * as well, so a long-running simulator fed large uploads does not hold gigabytes.
 */
export class ReceivedLog {
  private entries: Entry[] = [];
  private bodyBytes = 0;

  constructor(
    private readonly maxRequests = 1_000,
    private readonly maxBodyBytes = 64 * 1024 * 1024,
  ) {}

  add(head: RequestHead): ReceivedEntry {
    const entry: Entry = { head, body: EMPTY, bodyRead: false };
    this.entries.push(entry);
    this.trim();
    return {
      bodyRead: (body) => {
        if (!this.entries.includes(entry)) return;
        entry.body = body;
        entry.bodyRead = true;
        this.bodyBytes += body.length;
        this.trim();
      },
    };
  }

  /** Copies, so later arrivals do not change what a test already holds. */
  list(): ReceivedRequest[] {
    return this.entries.map(({ head, body, bodyRead }) => ({
      method: head.method,
      target: head.target,
      httpVersion: head.httpVersion,
      headers: head.headers.map(([name, value]) => [name, value] as [string, string]),
      body: Buffer.from(body),
      bodyRead,
    }));
  }

  clear(): void {
    this.entries = [];
    this.bodyBytes = 0;
  }

  private trim(): void {
    while (this.entries.length > this.maxRequests || (this.bodyBytes > this.maxBodyBytes && this.entries.length > 1)) {
      this.bodyBytes -= this.entries.shift()!.body.length;
    }
  }
}
