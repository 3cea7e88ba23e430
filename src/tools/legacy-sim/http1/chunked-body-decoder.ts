const CR = 0x0d;
const LF = 0x0a;
/** Longest chunk-size line or trailer section accepted; longer is an attack or garbage. */
const MAX_LINE = 4096;
const MAX_TRAILERS = 16 * 1024;
const CHUNK_SIZE_LINE = /^([0-9A-Fa-f]{1,15})[ \t]*(;[^\r\n]*)?$/;

/** Progress of a chunked body at the start of a buffer. */
export type ChunkedScan =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'too-large' }
  /** `length` bytes of the buffer held the chunked body; `body` is the decoded data. */
  | { readonly kind: 'complete'; readonly body: Buffer; readonly length: number };

/**
 * Decodes `Transfer-Encoding: chunked` (RFC 9112 §7.1) as bytes arrive. The buffer passed to
 * `scan` must start at the body each time and only grow, so the decoder resumes where it
 * stopped instead of rescanning many small chunks. Extensions and trailers are discarded.
 */
export class ChunkedBodyDecoder {
  private position = 0;
  private decodedBytes = 0;
  private readonly pieces: Array<readonly [number, number]> = [];
  private inTrailers = false;
  private trailersStart = 0;

  constructor(private readonly maxBytes: number) {}

  scan(buffer: Buffer): ChunkedScan {
    while (!this.inTrailers) {
      const line = readLine(buffer, this.position);
      if (line === null) return buffer.length - this.position > MAX_LINE ? { kind: 'invalid' } : { kind: 'incomplete' };
      const size = CHUNK_SIZE_LINE.exec(line.text);
      if (!size) return { kind: 'invalid' };
      const length = parseInt(size[1]!, 16);
      if (length === 0) {
        this.inTrailers = true;
        this.position = this.trailersStart = line.next;
        break;
      }
      if (this.decodedBytes + length > this.maxBytes) return { kind: 'too-large' };
      const dataEnd = line.next + length;
      if (buffer.length < dataEnd + 2) return { kind: 'incomplete' };
      if (buffer[dataEnd] !== CR || buffer[dataEnd + 1] !== LF) return { kind: 'invalid' };
      this.pieces.push([line.next, dataEnd]);
      this.decodedBytes += length;
      this.position = dataEnd + 2;
    }
    for (;;) {
      const line = readLine(buffer, this.position);
      if (line === null) return buffer.length - this.trailersStart > MAX_TRAILERS ? { kind: 'invalid' } : { kind: 'incomplete' };
      this.position = line.next;
      if (line.text === '') return { kind: 'complete', body: Buffer.concat(this.pieces.map(([from, to]) => buffer.subarray(from, to))), length: this.position };
      if (this.position - this.trailersStart > MAX_TRAILERS) return { kind: 'invalid' };
    }
  }
}

/** The line starting at `from` without its CRLF or LF, and where the next one starts; null if incomplete. */
function readLine(buffer: Buffer, from: number): { text: string; next: number } | null {
  const lf = buffer.indexOf(LF, from);
  if (lf < 0) return null;
  const end = lf > from && buffer[lf - 1] === CR ? lf - 1 : lf;
  return { text: buffer.toString('latin1', from, end), next: lf + 1 };
}
