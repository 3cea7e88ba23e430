import type { IncomingMessage } from 'node:http';
import { toV2Event } from '../../../../src/adapters/http/local-server';

const request = (contentType: string): IncomingMessage =>
  ({ url: '/x', method: 'POST', httpVersion: '1.1', rawHeaders: ['Content-Type', contentType], socket: { remoteAddress: '127.0.0.1' } }) as unknown as IncomingMessage;

const eventFor = (contentType: string, body = Buffer.from('{"a":1}')) => toV2Event(request(contentType), body, 'req-1');

describe('toV2Event: which bodies the local server passes as text, as API Gateway does', () => {
  it.each([
    'application/json',
    'Application/JSON; charset=UTF-8',
    'application/problem+json',
    'text/plain',
    'application/xml',
    'application/atom+xml',
    'application/x-www-form-urlencoded',
  ])('%s as text', (contentType) => {
    expect(eventFor(contentType)).toMatchObject({ isBase64Encoded: false, body: '{"a":1}' });
  });

  it.each(['application/octet-stream', 'image/png', 'application/jsonp', 'application/json-seq', ''])('%p as base64', (contentType) => {
    expect(eventFor(contentType)).toMatchObject({ isBase64Encoded: true, body: Buffer.from('{"a":1}').toString('base64') });
  });

  it('passes text that is not valid UTF-8 as base64, and strips a byte order mark from text', () => {
    expect(eventFor('application/json', Buffer.from([0xc3, 0x28]))).toMatchObject({ isBase64Encoded: true });
    expect(eventFor('application/json', Buffer.from('\ufeff{}'))).toMatchObject({ isBase64Encoded: false, body: '{}' });
  });
});
