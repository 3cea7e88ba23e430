// Realistic, seed-deterministic AWS Application Load Balancer access-log lines for tests
// and the log-analysis benchmark. Plain ESM so `node bench/…` can use it without a build;
// types for TypeScript callers are in alb-log-generator.d.mts.
//
// Traffic looks like hosp behind an ALB: the legacy HOSP routes, a slow and heavy-tailed
// target (20 ms – 20 s), a few target 500s, load-balancer 502/503/504 with `-` targets and
// `-1` processing times, quoted user agents with spaces and escaped quotes, query strings,
// and optionally malformed (truncated or garbage) lines. Every generator keeps the ground
// truth of what it wrote, so callers can check the analyzer's figures.

import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { seededRandom } from './lib/seeded-random.mjs';

const ELB = 'app/hosp-prod/50dc6c495c0c9188';
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const TARGET_GROUP = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/hosp-legacy/73e2d6bc24d8a067`;
const CERT = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`;
const HOST = 'api.hosp.example.com';

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'hosp-frontend/2.3.1 (+https://hosp.example.com)',
  'curl/8.5.0',
  'okhttp/4.12.0',
  'clinic-sync \\"nightly\\" (build 42)',
];

/** [weight, method, path template, success status]; `{id}` is replaced by a number. */
const ROUTES = [
  [5, 'GET', '/', 200],
  [25, 'GET', '/hospitals', 200],
  [30, 'GET', '/hospitals/{id}', 200],
  [5, 'GET', '/hospitals/{id}.json', 200],
  [8, 'POST', '/hospitals', 201],
  [6, 'PATCH', '/hospitals/{id}', 200],
  [2, 'PUT', '/hospitals/{id}', 200],
  [3, 'DELETE', '/hospitals/{id}', 204],
  [4, 'GET', '/patients', 200],
  [5, 'GET', '/patients/{id}', 200],
  [4, 'GET', '/patients/{id}/notes', 200],
  [2, 'POST', '/notes', 201],
  [1, 'POST', '/patients/{id}/screen', 200],
];
const ROUTE_WEIGHT = ROUTES.reduce((sum, [weight]) => sum + weight, 0);

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(rand, length) {
  let s = '';
  while (s.length < length) {
    const w = (rand() * 4294967296) >>> 0;
    s += HEX[w >>> 24] + HEX[(w >>> 16) & 255] + HEX[(w >>> 8) & 255] + HEX[w & 255];
  }
  return s.length === length ? s : s.slice(0, length);
}

function seconds(ms) {
  return (ms / 1000).toFixed(3);
}

/**
 * Creates a generator of ALB log lines.
 * @param {import('./alb-log-generator.d.mts').AlbLogGeneratorOptions} [options]
 * @returns {import('./alb-log-generator.d.mts').AlbLogGenerator}
 */
export function createAlbLogGenerator(options = {}) {
  const rand = seededRandom(options.seed ?? 1);
  const meanGapMs = options.meanGapMs ?? 50;
  const elbErrorRate = options.elbErrorRate ?? 0.004;
  const targetErrorRate = options.targetErrorRate ?? 0.003;
  const malformedRate = options.malformedRate ?? 0;
  let clock = Date.parse(options.start ?? '2024-03-01T00:00:00Z');
  const truth = { total: 0, malformed: 0, elb5xx: 0, target5xx: 0, maxTotalMs: 0, byDay: {} };

  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

  function pickRoute() {
    let r = rand() * ROUTE_WEIGHT;
    for (const route of ROUTES) {
      r -= route[0];
      if (r < 0) return route;
    }
    return ROUTES[0];
  }

  function targetMs() {
    // Log-normal around 80 ms with a heavy tail, capped at the legacy's worst 20 s.
    return Math.min(20000, Math.max(1, Math.round(Math.exp(Math.log(80) + 1.1 * normal()))));
  }

  function day(iso) {
    const key = iso.slice(0, 10);
    truth.byDay[key] ??= { total: 0, elb5xx: 0, target5xx: 0 };
    return truth.byDay[key];
  }

  function line() {
    clock += Math.round(-Math.log(1 - rand()) * meanGapMs);
    const [, method, template, okStatus] = pickRoute();
    const id = 1 + ((rand() * 5000) | 0);
    let path = template.replace('{id}', String(id));
    if (method === 'GET' && template === '/hospitals' && rand() < 0.2) path += `?page=${1 + ((rand() * 9) | 0)}`;
    const type = rand() < 0.7 ? 'https' : rand() < 0.85 ? 'h2' : 'http';
    const scheme = type === 'http' ? 'http' : 'https';
    const port = type === 'http' ? 80 : 443;
    const target = `10.0.1.${10 + ((rand() * 4) | 0)}:3000`;
    const roll = rand();
    let reqMs = (rand() * 2) | 0;
    let tgtMs = targetMs();
    let resMs = (rand() * 2) | 0;
    let elbStatus;
    let targetStatus;
    let targetField = target;
    if (roll < elbErrorRate) {
      elbStatus = [502, 503, 504][(rand() * 3) | 0];
      targetStatus = '-';
      if (elbStatus !== 502) targetField = '-';
      reqMs = -1;
      tgtMs = -1;
      resMs = -1;
    } else if (roll < elbErrorRate + targetErrorRate) {
      elbStatus = 500;
      targetStatus = 500;
    } else {
      const outcome = rand();
      elbStatus = outcome < 0.03 ? 404 : outcome < 0.04 && method !== 'GET' ? 422 : okStatus;
      targetStatus = elbStatus;
    }
    const time = new Date(clock).toISOString().replace('Z', '') + String(id % 1000).padStart(3, '0') + 'Z';
    const totalMs = reqMs < 0 ? 0 : reqMs + tgtMs + resMs;
    const created = new Date(clock - Math.max(0, totalMs)).toISOString().replace('Z', '000Z');
    const tls = type !== 'http';
    const sent = elbStatus === 204 ? 180 : 200 + ((rand() * 4000) | 0);
    const fields = [
      type,
      time,
      ELB,
      `${(rand() * 223 + 1) | 0}.${(rand() * 255) | 0}.${(rand() * 255) | 0}.${(rand() * 255) | 0}:${1024 + ((rand() * 60000) | 0)}`,
      targetField,
      reqMs < 0 ? '-1' : seconds(reqMs),
      tgtMs < 0 ? '-1' : seconds(tgtMs),
      resMs < 0 ? '-1' : seconds(resMs),
      String(elbStatus),
      String(targetStatus),
      String(120 + ((rand() * 900) | 0)),
      String(sent),
      `"${method} ${scheme}://${HOST}:${port}${path} ${type === 'h2' ? 'HTTP/2.0' : 'HTTP/1.1'}"`,
      `"${USER_AGENTS[(rand() * USER_AGENTS.length) | 0]}"`,
      tls ? 'ECDHE-RSA-AES128-GCM-SHA256' : '-',
      tls ? 'TLSv1.2' : '-',
      TARGET_GROUP,
      `"Root=1-${(clock / 1000).toString(16).slice(0, 8)}-${hex(rand, 24)}"`,
      tls ? `"${HOST}"` : '"-"',
      tls ? `"${CERT}"` : '"-"',
      '1',
      created,
      '"forward"',
      '"-"',
      '"-"',
      `"${targetField}"`,
      `"${targetStatus}"`,
      '"-"',
      '"-"',
      `TID_${hex(rand, 32)}`,
    ];
    const text = fields.join(' ');
    if (malformedRate > 0 && rand() < malformedRate) {
      truth.malformed += 1;
      // Cut inside the quoted user agent (unterminated quote) or write garbage.
      return rand() < 0.5 ? text.slice(0, text.indexOf('" "') + 6) : '<html><body>502 Bad Gateway</body></html>';
    }
    truth.total += 1;
    const d = day(time);
    d.total += 1;
    if (elbStatus >= 500 && targetStatus === '-') {
      truth.elb5xx += 1;
      d.elb5xx += 1;
    } else if (elbStatus >= 500) {
      truth.target5xx += 1;
      d.target5xx += 1;
    }
    if (totalMs > truth.maxTotalMs) truth.maxTotalMs = totalMs;
    return text;
  }

  return { next: line, truth };
}

/**
 * Writes `lines` lines to one file (gzipped when the name ends in .gz) and returns the
 * generator, whose `truth` describes what was written.
 * @param {string} path
 * @param {import('./alb-log-generator.d.mts').WriteAlbLogFileOptions} options
 */
export async function writeAlbLogFile(path, options) {
  const generator = options.generator ?? createAlbLogGenerator(options);
  await writeLines(path, generator, options.lines, options.gzipLevel);
  return generator;
}

/**
 * Writes a corpus laid out like ALB's S3 delivery (AWSLogs/<account>/elasticloadbalancing/
 * <region>/yyyy/mm/dd/*.log.gz), with one generator running across all files.
 * @param {string} dir
 * @param {import('./alb-log-generator.d.mts').WriteAlbLogCorpusOptions} options
 */
export async function writeAlbLogCorpus(dir, options) {
  const generator = createAlbLogGenerator(options);
  const files = [];
  for (let index = 0; index < options.files; index += 1) {
    const stamp = new Date(Date.parse(options.start ?? '2024-03-01T00:00:00Z') + index * 300000);
    const [y, m, d] = stamp.toISOString().slice(0, 10).split('-');
    const end = stamp.toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
    const name = `${ACCOUNT}_elasticloadbalancing_${REGION}_app.hosp-prod.50dc6c495c0c9188_${end}_10.0.0.${index % 250}_${hex(seededRandom(index + 7), 8)}.log.gz`;
    const path = join(dir, 'AWSLogs', ACCOUNT, 'elasticloadbalancing', REGION, y, m, d, name);
    await writeLines(path, generator, options.linesPerFile, options.gzipLevel);
    files.push(path);
  }
  return { files, truth: generator.truth };
}

async function writeLines(path, generator, count, gzipLevel) {
  await mkdir(dirname(path), { recursive: true });
  const batches = function* () {
    const batch = 2000;
    for (let written = 0; written < count; written += batch) {
      let text = '';
      const n = Math.min(batch, count - written);
      for (let i = 0; i < n; i += 1) text += generator.next() + '\n';
      yield text;
    }
  };
  const out = createWriteStream(path);
  if (path.endsWith('.gz')) {
    await pipeline(Readable.from(batches()), createGzip({ level: gzipLevel ?? 6 }), out);
  } else {
    await pipeline(Readable.from(batches()), out);
  }
}
