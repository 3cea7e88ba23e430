import { HttpError } from '../../../../src/adapters/http/http-error';
import { HttpRequest } from '../../../../src/adapters/http/http-request';
import { SCREENING_IMAGE_TYPES } from '../../../../src/adapters/gateway/legacy-acl/image-types';
import { imageBody, jsonBody, NO_BODY } from '../../../../src/adapters/gateway/legacy-acl/request-body';
import { DomainError } from '../../../../src/domain/errors';

const http = (body: string | Buffer | undefined, contentType?: string): HttpRequest => ({
  method: 'POST',
  path: '/x',
  query: new Map(),
  headers: new Map(contentType === undefined ? [] : [['content-type', contentType]]),
  rawBody: body === undefined ? undefined : Buffer.isBuffer(body) ? body.toString('base64') : body,
  isBase64Encoded: Buffer.isBuffer(body),
  requestId: 'r',
  sourceIp: '127.0.0.1',
});

const codeOf = async (work: Promise<unknown>): Promise<string> => {
  try {
    await work;
  } catch (error) {
    if (error instanceof HttpError || error instanceof DomainError) return error.code;
    throw error;
  }
  return 'accepted';
};

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 7)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 1)]);
const DICOM = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(16)]);

describe('legacy request body rules: nothing reaches legacy that was not read and checked', () => {
  describe('no body', () => {
    it('takes an empty body and refuses any other', async () => {
      expect(await NO_BODY.read(http(undefined))).toBeUndefined();
      expect(await NO_BODY.read(http(''))).toBeUndefined();
      expect(await codeOf(NO_BODY.read(http('x', 'text/plain')))).toBe('BAD_REQUEST');
    });
  });

  describe('JSON', () => {
    const rule = jsonBody(64, async (value) => value);

    it('parses strictly: JSON media type in UTF-8 only, size first, duplicate keys refused', async () => {
      expect(await rule.read(http('{"a":1}', 'application/json; charset=UTF-8'))).toEqual({ a: 1 });
      expect(await codeOf(rule.read(http('{"a":1}', 'text/plain')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await codeOf(rule.read(http('{"a":1}', 'application/json; charset=latin1')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await codeOf(rule.read(http('{"a":1}', undefined)))).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await codeOf(rule.read(http(`{"a":"${'x'.repeat(64)}"}`, 'text/plain')))).toBe('PAYLOAD_TOO_LARGE');
      expect(await codeOf(rule.read(http('{"a":1,"a":2}', 'application/json')))).toBe('MALFORMED_JSON');
      expect(await codeOf(rule.read(http(Buffer.from([0x7b, 0xff, 0x7d]), 'application/json')))).toBe('BAD_REQUEST');
      expect(await codeOf(rule.read(http('', 'application/json')))).toBe('VALIDATION_FAILED');
    });

    it('refuses a text body with a lone surrogate (no UTF-8 for it) instead of turning it into U+FFFD', async () => {
      expect(await codeOf(rule.read(http('{"name":"\ud800"}', 'application/json')))).toBe('BAD_REQUEST');
      expect(await codeOf(rule.read(http('{"name":"\udfff x"}', 'text/plain')))).toBe('BAD_REQUEST');
      expect(await rule.read(http('{"name":"\ud83d\udc3e"}', 'application/json'))).toEqual({ name: '🐾' });
    });

    it('counts the decoded size of base64 bodies', async () => {
      expect(await rule.read(http(Buffer.from('{"b":true}'), 'application/json'))).toEqual({ b: true });
      expect(await codeOf(rule.read(http(Buffer.alloc(65, 0x20), 'application/json')))).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('images', () => {
    const rule = imageBody(SCREENING_IMAGE_TYPES, 1024);

    it('takes the named types, each only with its own signature', async () => {
      expect(await rule.read(http(PNG, 'image/png'))).toEqual({ contentType: 'image/png', bytes: PNG });
      expect(await rule.read(http(JPEG, 'IMAGE/JPEG'))).toEqual({ contentType: 'image/jpeg', bytes: JPEG });
      expect(await rule.read(http(DICOM, 'application/dicom'))).toEqual({ contentType: 'application/dicom', bytes: DICOM });
      expect(await codeOf(rule.read(http(JPEG, 'image/png')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await codeOf(rule.read(http(PNG, 'application/octet-stream')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await codeOf(rule.read(http(PNG, 'image/svg+xml')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await codeOf(rule.read(http(PNG, undefined)))).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('will not carry an HTTP request disguised as an image', async () => {
      const smuggled = Buffer.from('POST /notes HTTP/1.1\r\nHost: legacy\r\nContent-Length: 60\r\nX-Ignore: ');
      expect(await codeOf(rule.read(http(smuggled, 'image/png')))).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses an image whose first line names an HTTP version, in any case', async () => {
      const gif = (firstLine: string) => Buffer.concat([Buffer.from(firstLine, 'latin1'), Buffer.from('\r\nHost: legacy\r\n\r\n')]);
      expect(await codeOf(rule.read(http(gif('GIF89a / HTTP/1.1'), 'image/gif')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await codeOf(rule.read(http(gif('GIF89a / http/1.0'), 'image/gif')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await codeOf(rule.read(http(gif('RIFFabcdWEBP /x HTTP/1.1'), 'image/webp')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      // A bare CR does not end the line: a server that splits on LF would read on.
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0x0d]), Buffer.from(' /x HTTP/1.1\n', 'latin1')]);
      expect(await codeOf(rule.read(http(jpeg, 'image/jpeg')))).toBe('UNSUPPORTED_MEDIA_TYPE');
      // After the first line ends, HTTP/ is ordinary image data.
      const later = gif('GIF89a\x01\x02');
      expect(await rule.read(http(Buffer.concat([later, Buffer.from('GET / HTTP/1.1')]), 'image/gif'))).toMatchObject({ contentType: 'image/gif' });
    });

    it("zeroes a DICOM file's free preamble, so nothing the sender put there reaches legacy", async () => {
      const request = Buffer.from('GET /__sim/stats HTTP/1.1\r\nHost: legacy\r\nX-Pad: ', 'latin1');
      const filled = Buffer.concat([request, Buffer.alloc(128 - request.length, 0x61), Buffer.from('DICM'), Buffer.from('pixel data')]);
      const read = await rule.read(http(filled, 'application/dicom'));
      expect(read.bytes.subarray(0, 128)).toEqual(Buffer.alloc(128));
      expect(read.bytes.subarray(128)).toEqual(filled.subarray(128));
      expect(filled.subarray(0, 3).toString()).toBe('GET');
    });

    it('refuses empty and oversized images, never cutting one short', async () => {
      expect(await codeOf(rule.read(http(Buffer.alloc(0), 'image/png')))).toBe('VALIDATION_FAILED');
      const big = Buffer.concat([PNG, Buffer.alloc(1024)]);
      expect(await codeOf(rule.read(http(big, 'image/png')))).toBe('PAYLOAD_TOO_LARGE');
    });
  });
});
