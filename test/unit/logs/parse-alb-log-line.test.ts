import { isMalformed, parseAlbLogLine } from '../../../src/tools/access-logs/parse-alb-log-line';
import type { AlbLogEntry } from '../../../src/tools/access-logs/alb-log-entry';
import {
  DOC_H2,
  DOC_HTTP,
  DOC_HTTP_2018,
  DOC_HTTPS,
  DOC_LAMBDA_FAILED,
  albLine,
} from '../../support/alb-log-samples';

function parsed(line: string): AlbLogEntry {
  const result = parseAlbLogLine(line);
  if (isMalformed(result)) throw new Error(`unexpectedly malformed: ${result.reason}`);
  return result;
}

function reasonFor(line: string): string {
  const result = parseAlbLogLine(line);
  if (!isMalformed(result)) throw new Error('unexpectedly parsed');
  return result.reason;
}

describe('parseAlbLogLine on the documented example entries', () => {
  it('reads the HTTP entry', () => {
    expect(parsed(DOC_HTTP)).toEqual({
      type: 'http',
      time: '2018-07-02T22:23:00.186641Z',
      requestProcessingMs: 0,
      targetProcessingMs: 1,
      responseProcessingMs: 0,
      elbStatus: 200,
      targetStatus: 200,
      request: 'GET http://www.example.com:80/ HTTP/1.1',
    });
  });

  it('reads the HTTPS entry, converting seconds to milliseconds', () => {
    const entry = parsed(DOC_HTTPS);
    expect(entry.type).toBe('https');
    expect([entry.requestProcessingMs, entry.targetProcessingMs, entry.responseProcessingMs]).toEqual([86, 48, 37]);
    expect(entry.request).toBe('GET https://www.example.com:443/ HTTP/1.1');
  });

  it('reads the HTTP/2 redirect entry', () => {
    expect(parsed(DOC_H2)).toMatchObject({ type: 'h2', elbStatus: 200, request: 'GET https://10.0.2.105:773/ HTTP/2.0' });
  });

  it('reads a failed Lambda request: 502 from the load balancer, no target status', () => {
    expect(parsed(DOC_LAMBDA_FAILED)).toMatchObject({ elbStatus: 502, targetStatus: null, targetProcessingMs: 1 });
  });

  it('accepts the 2018 format without the target lists (25 fields)', () => {
    expect(parsed(DOC_HTTP_2018).elbStatus).toBe(200);
  });

  it('ignores fields appended after conn_trace_id, as AWS asks parsers to', () => {
    const line = `${DOC_HTTP} "transformed.example.com" "/rewritten?x=1" "-" future-field`;
    expect(parsed(line)).toEqual(parsed(DOC_HTTP));
  });

  it('accepts the target lists unquoted, as some documented examples print them', () => {
    const unquoted = DOC_HTTP.replace('"10.0.0.1:80" "200"', '10.0.0.1:80 200');
    expect(parsed(unquoted)).toEqual(parsed(DOC_HTTP));
  });
});

describe('parseAlbLogLine on the tricky parts of the format', () => {
  it('maps -1 processing times (no target answer) to null', () => {
    const entry = parsed(albLine({ target: '-', times: '-1 -1 -1', elbStatus: '504', targetStatus: '-' }));
    expect(entry).toMatchObject({
      requestProcessingMs: null,
      targetProcessingMs: null,
      responseProcessingMs: null,
      elbStatus: 504,
      targetStatus: null,
    });
  });

  it('keeps spaces inside quoted fields and unescapes \\" in the request line', () => {
    const entry = parsed(
      albLine({
        request: 'GET https://www.example.com:443/search?q=\\"a b\\" HTTP/1.1',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) \\"quoted\\" agent',
      }),
    );
    expect(entry.request).toBe('GET https://www.example.com:443/search?q="a b" HTTP/1.1');
  });

  it('treats an escaped backslash before a closing quote as the end of the field', () => {
    const entry = parsed(albLine({ userAgent: 'agent\\\\' }));
    expect(entry.elbStatus).toBe(200);
  });

  it('accepts CRLF line endings', () => {
    expect(parsed(`${DOC_HTTP}\r`)).toEqual(parsed(DOC_HTTP));
  });

  it('keeps the "- - -" request line ALB writes when no full request arrived', () => {
    expect(parsed(albLine({ request: '- - -', elbStatus: '400', targetStatus: '-' })).request).toBe('- - -');
  });
});

describe('parseAlbLogLine rejects malformed lines with a reason', () => {
  it.each([
    ['garbage', 'this is not an ALB log line', /at least 25 fields, found 7/],
    ['an empty line', '', /found 0/],
    ['a line cut inside a quoted field', DOC_HTTPS.slice(0, DOC_HTTPS.indexOf('"GET') + 10), /unterminated quoted field 13/],
    ['a line cut after the request', DOC_HTTP.slice(0, DOC_HTTP.indexOf('"curl')), /found 13/],
    ['a bad time', DOC_HTTP.replace('2018-07-02T22:23:00.186641Z', 'yesterday'), /bad time "yesterday"/],
    ['a bad processing time', DOC_HTTP.replace('0.000 0.001 0.000', '0.000 abc 0.000'), /bad processing time/],
    ['a bad elb status', DOC_HTTP.replace(' 200 200 ', ' 2x0 200 '), /bad elb_status_code "2x0"/],
    ['a bad target status', DOC_HTTP.replace(' 200 200 ', ' 200 OK '), /bad target_status_code "OK"/],
    ['text glued to a closing quote', DOC_HTTP.replace('"curl/7.46.0"', '"curl/7.46.0"x'), /text after closing quote/],
  ])('%s', (_name, line, reason) => {
    expect(reasonFor(line)).toMatch(reason);
  });
});
