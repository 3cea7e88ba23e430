// Realistic, seed-deterministic CloudFront standard-log files for tests and the
// log-analysis benchmark. Plain ESM so `node bench/…` can use it without a build; types for
// TypeScript callers are in cloudfront-log-generator.d.mts.
//
// Traffic looks like hosp's clients through CloudFront: the same routes and heavy-tailed
// latencies as the ALB generator, a few origin 5xx (the API answered them), edge 502/504
// (origin connect and read errors), cached /openapi.json hits, URL-encoded user agents, and
// optionally malformed (cut short or garbage) lines. Each file starts with the #Version and
// #Fields lines, as CloudFront writes it. Every generator keeps the ground truth.

import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { seededRandom } from './lib/seeded-random.mjs';

const DISTRIBUTION = 'E2HOSPEXAMPLE';
const CF_HOST = 'd111111abcdef8.cloudfront.net';
const HOST = 'api.hosp.example.com';
const EDGES = ['FRA56-P1', 'CDG52-P3', 'LHR61-C2', 'AMS1-C1', 'DUB56-P1'];

/** The header lines of every file. */
export const CLOUDFRONT_HEADER = [
  '#Version: 1.0',
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end',
];

const USER_AGENTS = [
  'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/124.0%20Safari/537.36',
  'Mozilla/5.0%20(Macintosh;%20Intel%20Mac%20OS%20X%2014_4)%20AppleWebKit/605.1.15%20(KHTML,%20like%20Gecko)%20Version/17.4%20Safari/605.1.15',
  'hosp-frontend/2.3.1%20(+https://hosp.example.com)',
  'curl/8.5.0',
  'okhttp/4.12.0',
];

/** [weight, method, path template, success status]; `{id}` is replaced by a number. */
const ROUTES = [
  [5, 'GET', '/openapi.json', 200],
  [25, 'GET', '/hospitals', 200],
  [30, 'GET', '/hospitals/{id}', 200],
  [5, 'GET', '/hospitals/{id}.json', 200],
  [8, 'POST', '/hospitals', 201],
  [6, 'PATCH', '/hospitals/{id}', 200],
  [3, 'DELETE', '/hospitals/{id}', 204],
  [4, 'GET', '/patients', 200],
  [5, 'GET', '/patients/{id}', 200],
  [4, 'GET', '/patients/{id}/notes', 200],
  [2, 'POST', '/notes', 201],
];
const ROUTE_WEIGHT = ROUTES.reduce((sum, [weight]) => sum + weight, 0);
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * Creates a generator of CloudFront log lines (without the header; files get it).
 * @param {import('./cloudfront-log-generator.d.mts').CloudFrontLogGeneratorOptions} [options]
 * @returns {import('./cloudfront-log-generator.d.mts').CloudFrontLogGenerator}
 */
export function createCloudFrontLogGenerator(options = {}) {
  const rand = seededRandom(options.seed ?? 1);
  const meanGapMs = options.meanGapMs ?? 35;
  const edgeErrorRate = options.edgeErrorRate ?? 0.002;
  const originErrorRate = options.originErrorRate ?? 0.003;
  const malformedRate = options.malformedRate ?? 0;
  let clock = Date.parse(options.start ?? '2024-03-01T00:00:00Z');
  const truth = { total: 0, malformed: 0, edge5xx: 0, origin5xx: 0, maxTimeTakenMs: 0, byDay: {} };
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

  function pickRoute() {
    let r = rand() * ROUTE_WEIGHT;
    for (const route of ROUTES) {
      r -= route[0];
      if (r < 0) return route;
    }
    return ROUTES[0];
  }

  function requestId() {
    let s = '';
    for (let i = 0; i < 52; i += 1) s += ID_CHARS[(rand() * 64) | 0];
    return `${s}==`;
  }

  function line() {
    clock += Math.round(-Math.log(1 - rand()) * meanGapMs);
    const [, method, template, okStatus] = pickRoute();
    const path = template.replace('{id}', String(1 + ((rand() * 5000) | 0)));
    const query = method === 'GET' && template === '/hospitals' && rand() < 0.2 ? `page=${1 + ((rand() * 9) | 0)}` : '-';
    const roll = rand();
    let status;
    let result;
    let detailed;
    let takenMs;
    let firstByteMs;
    if (template === '/openapi.json' && rand() < 0.9) {
      status = 200;
      result = detailed = 'Hit';
      takenMs = firstByteMs = 1 + ((rand() * 3) | 0);
    } else if (roll < edgeErrorRate) {
      const read = rand() < 0.5;
      status = read ? 504 : 502;
      result = 'Error';
      detailed = read ? 'OriginReadError' : 'OriginConnectError';
      takenMs = firstByteMs = read ? 30000 + ((rand() * 5) | 0) : 10000 + ((rand() * 5) | 0);
    } else {
      status = roll < edgeErrorRate + originErrorRate ? [500, 502, 503][(rand() * 3) | 0] : rand() < 0.03 ? 404 : okStatus;
      result = status >= 400 ? 'Error' : 'Miss';
      detailed = result;
      firstByteMs = Math.min(30000, Math.max(2, Math.round(Math.exp(Math.log(90) + 1.1 * normal()))));
      takenMs = firstByteMs + ((rand() * 4) | 0);
    }
    const iso = new Date(clock).toISOString();
    const fields = [
      iso.slice(0, 10),
      iso.slice(11, 19),
      EDGES[(rand() * EDGES.length) | 0],
      String(300 + ((rand() * 4000) | 0)),
      `${(rand() * 223 + 1) | 0}.${(rand() * 255) | 0}.${(rand() * 255) | 0}.${(rand() * 255) | 0}`,
      method,
      CF_HOST,
      path,
      String(status),
      '-',
      USER_AGENTS[(rand() * USER_AGENTS.length) | 0],
      query,
      '-',
      result,
      requestId(),
      HOST,
      'https',
      String(200 + ((rand() * 900) | 0)),
      (takenMs / 1000).toFixed(3),
      '-',
      'TLSv1.3',
      'TLS_AES_128_GCM_SHA256',
      result,
      rand() < 0.7 ? 'HTTP/2.0' : 'HTTP/1.1',
      '-',
      '-',
      String(1024 + ((rand() * 60000) | 0)),
      (firstByteMs / 1000).toFixed(3),
      detailed,
      'application/json',
      String(100 + ((rand() * 4000) | 0)),
      '-',
      '-',
    ];
    const text = fields.join('\t');
    if (malformedRate > 0 && rand() < malformedRate) {
      truth.malformed += 1;
      return rand() < 0.5 ? text.slice(0, 60) : '<html><body>503 Service Unavailable</body></html>';
    }
    truth.total += 1;
    const day = (truth.byDay[iso.slice(0, 10)] ??= { total: 0, edge5xx: 0, origin5xx: 0 });
    day.total += 1;
    if (status >= 500 && detailed !== 'Error') {
      truth.edge5xx += 1;
      day.edge5xx += 1;
    } else if (status >= 500) {
      truth.origin5xx += 1;
      day.origin5xx += 1;
    }
    if (takenMs > truth.maxTimeTakenMs) truth.maxTimeTakenMs = takenMs;
    return text;
  }

  return { next: line, truth };
}

/**
 * Writes a corpus laid out as standard logging (v2) delivers it with the stack's suffix
 * path (<distribution>/<yyyy>/<MM>/<dd>/), one generator running across all files, each
 * file with its own header.
 * @param {string} dir
 * @param {import('./cloudfront-log-generator.d.mts').WriteCloudFrontLogCorpusOptions} options
 */
export async function writeCloudFrontLogCorpus(dir, options) {
  const generator = createCloudFrontLogGenerator(options);
  const files = [];
  for (let index = 0; index < options.files; index += 1) {
    const stamp = new Date(Date.parse(options.start ?? '2024-03-01T00:00:00Z') + index * 3_600_000);
    const [y, m, d] = stamp.toISOString().slice(0, 10).split('-');
    const hour = stamp.toISOString().slice(11, 13);
    const unique = (0x9e3779b1 * (index + 1) >>> 0).toString(16).padStart(8, '0');
    const path = join(dir, DISTRIBUTION, y, m, d, `${DISTRIBUTION}.${y}-${m}-${d}-${hour}.${unique}.gz`);
    await writeLines(path, generator, options.linesPerFile, options.gzipLevel);
    files.push(path);
  }
  return { files, truth: generator.truth };
}

async function writeLines(path, generator, count, gzipLevel) {
  await mkdir(dirname(path), { recursive: true });
  const batches = function* () {
    yield `${CLOUDFRONT_HEADER.join('\n')}\n`;
    const batch = 2000;
    for (let written = 0; written < count; written += batch) {
      let text = '';
      const n = Math.min(batch, count - written);
      for (let i = 0; i < n; i += 1) text += generator.next() + '\n';
      yield text;
    }
  };
  await pipeline(Readable.from(batches()), createGzip({ level: gzipLevel ?? 6 }), createWriteStream(path));
}
