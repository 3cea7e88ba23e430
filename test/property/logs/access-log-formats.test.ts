import fc from 'fast-check';
import { createParser } from '../../../src/tools/access-logs/access-log-detection';
import { detectFormat } from '../../../src/tools/access-logs/access-log-detection';
import type { AccessLogFormat } from '../../../src/tools/access-logs/access-log-format';
import { CLOUDFRONT_FIELDS } from '../../../src/tools/access-logs/cloudfront-record-parser';
import { routeOfPath } from '../../../src/tools/access-logs/route-of-request';
import { parseLines } from '../../support/access-record-sink';
import { albLine } from '../../support/alb-log-samples';

/*
 * Round trips: a request is generated, written as each format writes it (CloudFront with
 * its #Fields header in any order plus fields it may add; HTTP API as a line, an export
 * line or a filter-log-events document; ALB), detected and parsed back to the same facts.
 */

interface Request {
  epochSeconds: number;
  method: string;
  path: string;
  status: number;
  /** For a 5xx: 0 the front component made it, 1 what is behind it. */
  producer: 0 | 1;
  /** Whole and inner time in ms (integers; ALB splits the rest between request and response). */
  totalMs: number;
  innerMs: number;
}

const segment = fc.oneof(fc.constantFrom('hospitals', 'patients', 'notes', 'openapi.json'), fc.integer({ min: 1, max: 99999 }).map(String));
const request: fc.Arbitrary<Request> = fc
  .record({
    epochSeconds: fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 }),
    method: fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD'),
    path: fc.array(segment, { minLength: 0, maxLength: 4 }).map((s) => `/${s.join('/')}`),
    status: fc.oneof(fc.constantFrom(200, 201, 204, 304, 400, 404, 500, 502, 503, 504), fc.integer({ min: 100, max: 599 })),
    producer: fc.constantFrom(0 as const, 1 as const),
    innerMs: fc.integer({ min: 0, max: 60_000 }),
    extraMs: fc.integer({ min: 0, max: 5_000 }),
  })
  .map(({ extraMs, ...r }) => ({ ...r, totalMs: r.innerMs + extraMs }));

const is5xx = (r: Request): boolean => r.status >= 500;
const seconds = (ms: number): string => (ms / 1000).toFixed(3);
const iso = (r: Request): string => new Date(r.epochSeconds * 1000).toISOString().replace('.000Z', 'Z');

function cloudFront(r: Request, fields: readonly string[]): string[] {
  const value: Record<string, string> = {
    date: iso(r).slice(0, 10),
    time: iso(r).slice(11, 19),
    'cs-method': r.method,
    'cs-uri-stem': r.path,
    'sc-status': String(r.status),
    'time-taken': seconds(r.totalMs),
    'time-to-first-byte': seconds(r.innerMs),
    'x-edge-result-type': is5xx(r) ? 'Error' : 'Miss',
    'x-edge-detailed-result-type': is5xx(r) ? (r.producer === 0 ? 'OriginConnectError' : 'Error') : 'Miss',
  };
  return ['#Version: 1.0', `#Fields: ${fields.join(' ')}`, fields.map((f) => value[f] ?? '-').join('\t')];
}

const DAYS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function clf(r: Request): string {
  const d = new Date(r.epochSeconds * 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${DAYS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

function apiGateway(r: Request, shape: 'line' | 'export' | 'document'): string[] {
  const message = JSON.stringify({
    requestId: 'abc=',
    time: clf(r),
    method: r.method,
    path: r.path,
    routeKey: '$default',
    status: String(r.status),
    latencyMs: String(r.totalMs),
    integrationLatencyMs: String(r.innerMs),
    integrationError: is5xx(r) && r.producer === 0 ? 'Integration timeout' : '-',
    authorizerError: '-',
    sourceIp: '192.0.2.1',
  });
  if (shape === 'line') return [message];
  if (shape === 'export') return [`${new Date(r.epochSeconds * 1000 + 250).toISOString()} ${message}`];
  return JSON.stringify({ events: [{ logStreamName: 's', timestamp: r.epochSeconds * 1000, message, ingestionTime: 0, eventId: '1' }] }, null, 2).split('\n');
}

function alb(r: Request): string[] {
  const rest = r.totalMs - r.innerMs;
  const target = is5xx(r) && r.producer === 0 ? '-' : String(r.status);
  return [
    albLine({
      time: new Date(r.epochSeconds * 1000).toISOString().replace('Z', '123Z'),
      times: `${seconds(Math.floor(rest / 2))} ${seconds(r.innerMs)} ${seconds(rest - Math.floor(rest / 2))}`,
      elbStatus: String(r.status),
      targetStatus: target,
      target: target === '-' ? '-' : '10.0.0.1:80',
      request: `${r.method} https://api.example.com:443${r.path} HTTP/1.1`,
    }),
  ];
}

function expectBack(format: AccessLogFormat, lines: string[], r: Request, epochMs = r.epochSeconds * 1000): boolean {
  const first = lines.find((l) => l.trim() !== '')!;
  if (detectFormat(first) !== format) return false;
  const { records, malformed } = parseLines(createParser(format), lines);
  if (malformed.length > 0 || records.length !== 1) return false;
  const back = records[0]!;
  return (
    back.epochMs === epochMs &&
    back.status === r.status &&
    back.producer === (is5xx(r) ? r.producer : -1) &&
    back.totalMs === r.totalMs &&
    back.innerMs === r.innerMs &&
    back.route === routeOfPath(r.method, r.path)
  );
}

describe('access-log formats round trip', () => {
  it('a request written as a CloudFront line, under a #Fields header in any order and with added fields, reads back the same', () => {
    const fieldOrder = fc.shuffledSubarray([...CLOUDFRONT_FIELDS, 'c-country', 'origin-fbl', 'asn'], { minLength: CLOUDFRONT_FIELDS.length + 3 });
    fc.assert(
      fc.property(request, fieldOrder, (r, fields) => expectBack('cloudfront', cloudFront(r, fields), r)),
      { numRuns: 500 },
    );
  });

  it('a request written as an HTTP API access-log event, in any of its three shapes, reads back the same', () => {
    fc.assert(
      fc.property(request, fc.constantFrom('line' as const, 'export' as const, 'document' as const), (r, shape) =>
        expectBack('apigw', apiGateway(r, shape), r),
      ),
      { numRuns: 500 },
    );
  });

  it('a request written as an ALB line reads back the same (with its microseconds)', () => {
    fc.assert(
      fc.property(request, (r) => expectBack('alb', alb(r), r, r.epochSeconds * 1000 + 0.123)),
      { numRuns: 500 },
    );
  });
});
