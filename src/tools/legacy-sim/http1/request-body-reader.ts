import { BodyFraming } from './body-framing';
import { ByteQueue } from './byte-queue';
import { ChunkedBodyDecoder } from './chunked-body-decoder';

/** Where reading a body stands after the bytes received so far. */
export type BodyRead =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'complete'; readonly body: Buffer }
  /** Malformed chunked framing: 400. */
  | { readonly kind: 'invalid' }
  /** More than the limit: 413. */
  | { readonly kind: 'too-large' };

const EMPTY = Buffer.alloc(0);

/** Takes one request's body off the front of a connection's queue once all of it is there. */
export class RequestBodyReader {
  private readonly chunked: ChunkedBodyDecoder | undefined;

  constructor(
    private readonly framing: Extract<BodyFraming, { kind: 'none' | 'length' | 'chunked' }>,
    maxBytes: number,
  ) {
    this.chunked = framing.kind === 'chunked' ? new ChunkedBodyDecoder(maxBytes) : undefined;
  }

  /** Consumes the body from `queue` when it is complete; leaves the queue alone otherwise. */
  read(queue: ByteQueue): BodyRead {
    if (this.framing.kind === 'none') return { kind: 'complete', body: EMPTY };
    if (this.framing.kind === 'length') {
      return queue.length < this.framing.length ? { kind: 'incomplete' } : { kind: 'complete', body: queue.take(this.framing.length) };
    }
    const scan = this.chunked!.scan(queue.view());
    if (scan.kind !== 'complete') return scan;
    queue.consume(scan.length);
    return { kind: 'complete', body: scan.body };
  }
}
