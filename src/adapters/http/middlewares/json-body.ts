import { ApiRequest, apiState } from '../api-request';
import { HttpError } from '../http-error';
import { parseStrictJson } from '../strict-json';

export interface JsonBodyOptions {
  /** Largest accepted body in bytes, after base64 decoding. */
  maxBytes?: number;
}

const defaults: Required<JsonBodyOptions> = { maxBytes: 64 * 1024 };

const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses JSON bodies into `request.api.body`. Written here rather than using
 * @middy/http-json-body-parser, which answers 415 to malformed JSON and cannot tell
 * invalid UTF-8 apart; the contract wants 413 (too big), 415 (not JSON), then 400
 * (not UTF-8, or not well-formed JSON: duplicate keys and deep nesting included, see
 * `parseStrictJson`), in that order. Base64 bodies are decoded first.
 * An empty body is no body.
 */
export function jsonBody(options: JsonBodyOptions = {}) {
  const { maxBytes } = { ...defaults, ...options };
  return {
    before: (request: ApiRequest): void => {
      const state = apiState(request);
      const http = state.http;
      if (!http?.rawBody) return;
      const bytes = http.isBase64Encoded ? Buffer.from(http.rawBody, 'base64') : undefined;
      const size = bytes ? bytes.length : Buffer.byteLength(http.rawBody, 'utf8');
      if (size > maxBytes) {
        throw new HttpError('PAYLOAD_TOO_LARGE', `The body must be at most ${maxBytes} bytes.`);
      }
      if (size === 0) return;
      assertJsonContentType(http.headers.get('content-type'));
      const text = bytes ? decodeUtf8(bytes) : http.rawBody;
      if (!text.isWellFormed()) throw notUtf8();
      state.body = parseStrictJson(text);
    },
  };
}

function assertJsonContentType(header: string | undefined): void {
  const [type = '', ...params] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  if (!JSON_MEDIA_TYPE.test(type) || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json in UTF-8.');
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw notUtf8();
  }
}

const notUtf8 = (): HttpError => new HttpError('BAD_REQUEST', 'The body is not valid UTF-8.');
