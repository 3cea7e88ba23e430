import httpJsonBodyParser from '@middy/http-json-body-parser';
import { ApiRequest, apiState } from '../api-request';
import { HttpError } from '../http-error';
import { assertStrictJson } from '../strict-json';
import { isJsonMediaType, isUtf8Charset, parseMediaType } from '../../shared/media-type';
import { decodeStrictUtf8 } from '../../shared/strict-utf8';

export interface JsonBodyOptions {
  /** Largest accepted body in bytes, after base64 decoding. */
  maxBytes?: number;
}

const defaults: Required<JsonBodyOptions> = { maxBytes: 64 * 1024 };

/**
 * Parses JSON bodies into `request.api.body` with @middy/http-json-body-parser, behind a
 * guard that gives the contract's answers in its order: 413 (too big), 415 (not JSON, or a
 * charset other than UTF-8), then 400 (not UTF-8, or not well-formed JSON: duplicate keys,
 * deep nesting and numbers beyond a double included, see `assertStrictJson`). The guard is
 * needed because the parser alone answers 415 to malformed JSON, cannot tell invalid UTF-8
 * apart and keeps the last of duplicate keys; should it still refuse a body, its error is
 * mapped like any other (error-status.ts). Base64 bodies are decoded first; the parser is
 * given the decoded text. An empty body is no body.
 */
export function jsonBody(options: JsonBodyOptions = {}) {
  const { maxBytes } = { ...defaults, ...options };
  const parser = httpJsonBodyParser();
  return {
    before: async (request: ApiRequest): Promise<void> => {
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
      assertStrictJson(text);
      // The parser reads a Lambda event; it gets one built from the checked, decoded body.
      const parsing = { event: { headers: { 'content-type': 'application/json' }, body: text as unknown } };
      await parser.before!(parsing as never);
      state.body = parsing.event.body;
    },
  };
}

function assertJsonContentType(header: string | undefined): void {
  const { type, charset } = parseMediaType(header);
  if (!isJsonMediaType(type) || !isUtf8Charset(charset)) {
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json in UTF-8.');
  }
}

function decodeUtf8(bytes: Buffer): string {
  const text = decodeStrictUtf8(bytes, { stripBom: true });
  if (text === null) throw notUtf8();
  return text;
}

const notUtf8 = (): HttpError => new HttpError('BAD_REQUEST', 'The body is not valid UTF-8.');
