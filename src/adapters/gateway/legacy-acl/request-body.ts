import { validationFailed } from '../../../domain/errors';
import { HttpError } from '../../http/http-error';
import { HttpRequest } from '../../http/http-request';
import { parseStrictJson } from '../../http/strict-json';
import { isUtf8Charset, parseMediaType } from '../../shared/media-type';
import { decodeStrictUtf8 } from '../../shared/strict-utf8';
import { ImageType } from './image-types';

/**
 * How one legacy route takes its body: which media types, how large, and how it is read into
 * a checked value. Nothing the client sent reaches legacy except through `read`: JSON is
 * parsed and validated here and re-serialised by the legacy resource; an image is passed on
 * only as one of the named types, with that type's signature.
 */
export interface RequestBodyRule<B> {
  readonly kind: 'none' | 'json' | 'image';
  /** Accepted `Content-Type` media types (none for `none`). */
  readonly mediaTypes: readonly string[];
  /** Largest body, in bytes after base64 decoding (0 for `none`). */
  readonly maxBytes: number;
  read(http: HttpRequest): Promise<B>;
}

/** No body: an empty one is fine, anything else is refused rather than ignored. */
export const NO_BODY: RequestBodyRule<undefined> = {
  kind: 'none',
  mediaTypes: [],
  maxBytes: 0,
  read: async (http) => {
    if (bodyBytes(http).length > 0) throw new HttpError('BAD_REQUEST', 'This route takes no request body.');
    return undefined;
  },
};

/** A JSON object checked by `validate` (a class-validator DTO, usually), at most `maxBytes`. */
export function jsonBody<B>(maxBytes: number, validate: (value: unknown) => Promise<B>): RequestBodyRule<B> {
  return {
    kind: 'json',
    mediaTypes: ['application/json'],
    maxBytes,
    read: async (http) => {
      const bytes = sizedBody(http, maxBytes);
      if (bytes.length === 0) throw validationFailed({ body: ['is required'] });
      const { type, charset } = mediaTypeOf(http);
      if (type !== 'application/json' || !isUtf8Charset(charset)) {
        throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json in UTF-8.');
      }
      return validate(parseStrictJson(strictUtf8(bytes)));
    },
  };
}

/**
 * An image of one of `types`, 1 to `maxBytes` bytes, starting with its type's signature, in
 * its type's canonical form, and whose first line does not name an HTTP version: should legacy
 * answer without reading the body, it parses the unread bytes as the next request on the
 * connection, and a first line without `HTTP/` cannot be a request line.
 */
export function imageBody(types: readonly ImageType[], maxBytes: number): RequestBodyRule<{ contentType: string; bytes: Buffer }> {
  const names = types.map((t) => t.mediaType);
  return {
    kind: 'image',
    mediaTypes: names,
    maxBytes,
    read: async (http) => {
      const bytes = sizedBody(http, maxBytes);
      const { type } = mediaTypeOf(http);
      const imageType = types.find((t) => t.mediaType === type);
      if (!imageType) throw new HttpError('UNSUPPORTED_MEDIA_TYPE', `Send the image as one of: ${names.join(', ')}.`);
      if (bytes.length === 0) throw validationFailed({ body: ['is required'] });
      if (!imageType.matches(bytes)) throw new HttpError('UNSUPPORTED_MEDIA_TYPE', `The body is not a ${type} image.`);
      const canonical = imageType.canonical?.(bytes) ?? bytes;
      if (firstLineNamesHttpVersion(canonical)) throw new HttpError('UNSUPPORTED_MEDIA_TYPE', `The body is not a ${type} image: its first line reads like an HTTP request.`);
      return { contentType: type, bytes: canonical };
    },
  };
}

const HTTP_VERSION = /http\//i;

/**
 * True when the bytes before the first LF contain `HTTP/` in any case. Only LF ends the line
 * here: some servers end request lines at LF alone and take a bare CR for whitespace.
 */
function firstLineNamesHttpVersion(bytes: Buffer): boolean {
  const end = bytes.indexOf(0x0a);
  return HTTP_VERSION.test(bytes.toString('latin1', 0, end === -1 ? bytes.length : end));
}

/**
 * The body's bytes, base64 decoded when the event says so. A text body with a lone surrogate
 * has no UTF-8 bytes: encoding it would quietly turn the surrogate into U+FFFD, so it is
 * refused, as the core's JSON body refuses it.
 */
function bodyBytes(http: HttpRequest): Buffer {
  if (!http.rawBody) return Buffer.alloc(0);
  if (!http.isBase64Encoded && !http.rawBody.isWellFormed()) throw new HttpError('BAD_REQUEST', 'The body is not valid UTF-8.');
  return Buffer.from(http.rawBody, http.isBase64Encoded ? 'base64' : 'utf8');
}

function sizedBody(http: HttpRequest, maxBytes: number): Buffer {
  const bytes = bodyBytes(http);
  if (bytes.length > maxBytes) throw new HttpError('PAYLOAD_TOO_LARGE', `The body must be at most ${maxBytes} bytes.`);
  return bytes;
}

const mediaTypeOf = (http: HttpRequest) => parseMediaType(http.headers.get('content-type'));

function strictUtf8(bytes: Buffer): string {
  const text = decodeStrictUtf8(bytes);
  if (text === null) throw new HttpError('BAD_REQUEST', 'The body is not valid UTF-8.');
  return text;
}
