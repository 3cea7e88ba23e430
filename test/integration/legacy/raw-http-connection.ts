import * as net from 'node:net';

/** One response as it came off the wire. */
export interface RawResponse {
  readonly status: number;
  /** Lower-case names; a repeated header keeps its last value. */
  readonly headers: Record<string, string>;
  readonly head: string;
  readonly body: Buffer;
  readonly text: string;
}

/**
 * A client socket that writes raw bytes and reads responses off them one by one, so tests
 * can pipeline, smuggle and split requests exactly as they mean to, which no HTTP client allows.
 */
export class RawConnection {
  /** Every chunk received, with the time it arrived (ms since the epoch). */
  readonly arrivals: Array<{ at: number; bytes: Buffer }> = [];
  private buffer = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.arrivals.push({ at: Date.now(), bytes: chunk });
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on('error', () => undefined);
  }

  static open(url: string): Promise<RawConnection> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Whether the server has closed the connection. */
  get closed(): boolean {
    return this.ended;
  }

  /** The next response; `forHead` when it answers a HEAD request (no body follows its headers). */
  async response({ forHead = false, timeoutMs = 3_000 } = {}): Promise<RawResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = parseResponse(this.buffer, forHead);
      if (parsed) {
        this.buffer = this.buffer.subarray(parsed.length);
        if (parsed.response.status >= 100 && parsed.response.status < 200) continue;
        return parsed.response;
      }
      if (this.ended) throw new Error(`connection closed; unparsed: ${JSON.stringify(this.buffer.toString('latin1'))}`);
      await this.until(deadline);
    }
  }

  /** Resolves true once the server closes the connection, false if it is still open at the deadline. */
  async waitForClose(timeoutMs = 3_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended && Date.now() < deadline) await this.until(deadline).catch(() => undefined);
    return this.ended;
  }

  /** Bytes received and not yet read as a response. */
  get unread(): Buffer {
    return this.buffer;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private until(deadline: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        reject(new Error(`no complete response in time; got ${JSON.stringify(this.buffer.toString('latin1'))}`));
      }, Math.max(0, deadline - Date.now()));
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}

function parseResponse(buffer: Buffer, forHead: boolean): { response: RawResponse; length: number } | null {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buffer.toString('latin1', 0, end);
  const [statusLine, ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine!)?.[1]);
  const bodyLength = forHead || status === 204 || status === 304 || status < 200 ? 0 : Number(headers['content-length'] ?? 0);
  if (buffer.length < end + 4 + bodyLength) return null;
  const body = Buffer.from(buffer.subarray(end + 4, end + 4 + bodyLength));
  return { response: { status, headers, head, body, text: body.toString('utf8') }, length: end + 4 + bodyLength };
}
