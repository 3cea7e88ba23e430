/** A request line and its header fields, exactly as they arrived. */
export interface RequestHead {
  /** As sent, case included (`get` is a method legacy does not know, not GET). */
  readonly method: string;
  /** Path and query as sent. */
  readonly target: string;
  /** `1.0` or `1.1`. */
  readonly httpVersion: string;
  /** In arrival order; names as sent. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The head's bytes from the request line to the blank line, inclusive. */
  readonly raw: Buffer;
}

/** What the start of a connection's buffer holds. */
export type HeadParse =
  | { readonly kind: 'incomplete' }
  /** No complete head within the size limit: 431. */
  | { readonly kind: 'too-large' }
  /** Not a request line and headers: 400, quoting the first line (Latin-1, without its line end). */
  | { readonly kind: 'malformed'; readonly firstLine: string }
  /** `length` bytes, leading blank lines included, make up the head. */
  | { readonly kind: 'head'; readonly head: RequestHead; readonly length: number };

const CR = 0x0d;
const LF = 0x0a;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const REQUEST_LINE = /^([^ ]+) ([^ ]+) HTTP\/(1\.[01])$/;
const TARGET = /^[\x21-\x7e\x80-\xff]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Parses the request head at the start of `buffer`. Each line is judged as soon as it is
 * complete, so bytes that cannot be a request are refused without waiting for a blank line,
 * as Python's BaseHTTPServer does with the request line. Lines may end in CRLF or a bare LF;
 * blank lines before the request line are skipped (RFC 9112 §2.2).
 */
export function parseRequestHead(buffer: Buffer, maxBytes: number): HeadParse {
  let start = 0;
  while (buffer[start] === LF || (buffer[start] === CR && buffer[start + 1] === LF)) start += buffer[start] === LF ? 1 : 2;
  if (start === buffer.length || (buffer[start] === CR && start + 1 === buffer.length)) return tooLargeOr(buffer, start, maxBytes);
  let requestLine: RegExpExecArray | null = null;
  let firstLine = '';
  const headers: Array<readonly [string, string]> = [];
  for (let position = start; ; ) {
    const lf = buffer.indexOf(LF, position);
    if (lf < 0) return tooLargeOr(buffer, buffer.length, maxBytes);
    if (lf + 1 > maxBytes) return { kind: 'too-large' };
    const line = buffer.toString('latin1', position, lf > position && buffer[lf - 1] === CR ? lf - 1 : lf);
    position = lf + 1;
    if (requestLine === null) {
      firstLine = line;
      requestLine = REQUEST_LINE.exec(line);
      if (!requestLine || !TOKEN.test(requestLine[1]!) || !TARGET.test(requestLine[2]!)) return { kind: 'malformed', firstLine };
      continue;
    }
    if (line === '') {
      const head = { method: requestLine[1]!, target: requestLine[2]!, httpVersion: requestLine[3]!, headers, raw: Buffer.from(buffer.subarray(start, position)) };
      return { kind: 'head', head, length: position };
    }
    const field = headerField(line);
    if (!field) return { kind: 'malformed', firstLine };
    headers.push(field);
  }
}

/** `name: value` with the value's surrounding whitespace trimmed; null for anything else (obs-fold included). */
function headerField(line: string): readonly [string, string] | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  const name = line.slice(0, colon);
  const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
  return TOKEN.test(name) && FIELD_VALUE.test(value) ? [name, value] : null;
}

function tooLargeOr(buffer: Buffer, scanned: number, maxBytes: number): HeadParse {
  return scanned > maxBytes || buffer.length > maxBytes ? { kind: 'too-large' } : { kind: 'incomplete' };
}

/** The first value of a header (names compared case-insensitively). */
export function headerValue(head: Pick<RequestHead, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return head.headers.find(([n]) => n.toLowerCase() === wanted)?.[1];
}

/** Every value of a header, in arrival order. */
export function headerValues(head: Pick<RequestHead, 'headers'>, name: string): string[] {
  const wanted = name.toLowerCase();
  return head.headers.filter(([n]) => n.toLowerCase() === wanted).map(([, value]) => value);
}

/** Whether the connection stays open after this request: HTTP/1.1 unless `close`, HTTP/1.0 only with `keep-alive`. */
export function wantsKeepAlive(head: RequestHead): boolean {
  const options = headerValues(head, 'connection').flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase());
  if (options.includes('close')) return false;
  return head.httpVersion === '1.1' || options.includes('keep-alive');
}
