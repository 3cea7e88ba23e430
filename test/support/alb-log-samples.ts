/*
 * ALB access-log lines for tests. The DOC_* lines are the example entries of the AWS
 * documentation (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/
 * load-balancer-access-logs.html#access-log-entry-examples), joined onto one line as
 * ALB writes them. HAND_CHECKED is a small day-and-a-bit of traffic built from the
 * documented HTTP entry, whose figures were worked out by hand (see HAND_CHECKED_FIGURES).
 */

const TG = 'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067';
const CERT = 'arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012';

/** Documented HTTP entry, current format (quoted lists, classification, conn_trace_id). */
export const DOC_HTTP =
  'http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 ' +
  `0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - ${TG} ` +
  '"Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" ' +
  '"10.0.0.1:80" "200" "-" "-" TID_1234abcd5678ef90';

/** Documented HTTPS entry. */
export const DOC_HTTPS =
  'https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 ' +
  '0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ' +
  `ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG} "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" ` +
  `"${CERT}" 1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-" ` +
  'TID_1234abcd5678ef90';

/** Documented HTTP/2 entry (a redirect). */
export const DOC_H2 =
  'h2 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 ' +
  '0.000 0.002 0.000 200 200 5 257 "GET https://10.0.2.105:773/ HTTP/2.0" "curl/7.46.0" ' +
  `ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG} "Root=1-58337327-72bd00b0343d75b906739c42" "-" "-" 1 ` +
  '2018-07-02T22:22:48.364000Z "redirect" "https://example.com:80/" "-" "10.0.0.66:9000" "200" "-" "-" ' +
  'TID_1234abcd5678ef90';

/** Documented entry of a failed Lambda request: the load balancer answered 502, no target status. */
export const DOC_LAMBDA_FAILED =
  'http 2018-11-30T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - ' +
  `0.000 0.001 0.000 502 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - ${TG} ` +
  '"Root=1-58337364-23a8c76965a2ef7629b185e3" "-" "-" 0 2018-11-30T22:22:48.364000Z "forward" "-" ' +
  '"LambdaInvalidResponse" "-" "-" "-" "-" TID_1234abcd5678ef90';

/** The HTTP entry as documented in 2018, before the target lists were added (25 fields). */
export const DOC_HTTP_2018 =
  'http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 ' +
  `0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - ${TG} ` +
  '"Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-"';

/** The fields of the documented HTTP entry a test may want to change. */
export interface AlbLineParts {
  time?: string;
  target?: string;
  times?: string;
  elbStatus?: string;
  targetStatus?: string;
  request?: string;
  userAgent?: string;
}

/** The documented HTTP entry with some fields replaced (values given as logged). */
export function albLine(parts: AlbLineParts = {}): string {
  const target = parts.target ?? '10.0.0.1:80';
  const targetStatus = parts.targetStatus ?? parts.elbStatus ?? '200';
  return [
    'https',
    parts.time ?? '2018-07-02T22:23:00.186641Z',
    'app/my-loadbalancer/50dc6c495c0c9188',
    '192.168.131.39:2817',
    target,
    parts.times ?? '0.000 0.001 0.000',
    parts.elbStatus ?? '200',
    targetStatus,
    '34 366',
    `"${parts.request ?? 'GET https://www.example.com:443/ HTTP/1.1'}"`,
    `"${parts.userAgent ?? 'curl/7.46.0'}"`,
    `ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG}`,
    '"Root=1-58337262-36d228ad5d99923122bbe354" "www.example.com"',
    `"${CERT}" 1 2018-07-02T22:22:48.364000Z "forward" "-" "-"`,
    `"${target}" "${targetStatus}" "-" "-" TID_1234abcd5678ef90`,
  ].join(' ');
}

const HOST = 'https://www.example.com:443';

/** Day one (2018-07-02, hours 22 and 23): seven requests, one garbage line. */
export const HAND_CHECKED_DAY1 = [
  DOC_HTTP, // GET /, 1 ms
  DOC_HTTPS, // GET /, 86 + 48 + 37 = 171 ms
  albLine({ target: '-', elbStatus: '502', targetStatus: '-' }), // GET /, ELB 5xx, 1 ms
  albLine({ times: '0.001 0.250 0.000', elbStatus: '500', request: `GET ${HOST}/hospitals/42?verbose=1 HTTP/1.1` }),
  'this is not an ALB log line',
  albLine({ time: '2018-07-02T23:05:00.000000Z', times: '0.000 0.120 0.001', request: `GET ${HOST}/hospitals/7 HTTP/1.1` }),
  albLine({
    time: '2018-07-02T23:10:00.000000Z',
    target: '-',
    times: '-1 -1 -1',
    elbStatus: '504',
    targetStatus: '-',
    request: `GET ${HOST}/hospitals/7.json HTTP/1.1`,
  }),
  albLine({
    time: '2018-07-02T23:59:59.999999Z',
    times: '0.001 0.400 0.000',
    elbStatus: '201',
    request: `POST ${HOST}/hospitals HTTP/1.1`,
  }),
];

/** Day two (2018-07-03, hour 00): five requests, then a line cut short. */
export const HAND_CHECKED_DAY2 = [
  albLine({ time: '2018-07-03T00:00:00.000001Z', times: '0.000 0.030 0.000', elbStatus: '204', request: `DELETE ${HOST}/hospitals/9 HTTP/1.1` }),
  albLine({
    time: '2018-07-03T00:01:00.000000Z',
    times: '0.000 0.010 0.000',
    request: `GET ${HOST}/hospitals HTTP/1.1`,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) \\"quoted\\" agent',
  }),
  albLine({
    time: '2018-07-03T00:02:00.000000Z',
    target: '-',
    times: '-1 -1 -1',
    elbStatus: '503',
    targetStatus: '-',
    request: `GET ${HOST}/hospitals HTTP/1.1`,
  }),
  albLine({
    time: '2018-07-03T00:03:00.000000Z',
    times: '0.000 -1 -1',
    elbStatus: '460',
    targetStatus: '-',
    request: `GET ${HOST}/hospitals?page=2 HTTP/1.1`,
  }),
  albLine({
    time: '2018-07-03T00:04:00.000000Z',
    times: '0.000 0.005 -1',
    elbStatus: '502',
    targetStatus: '200',
    request: `PATCH ${HOST}/hospitals/9 HTTP/1.1`,
  }),
  albLine({ time: '2018-07-03T00:05:00.000000Z' }).slice(0, 160),
];

/**
 * The figures of HAND_CHECKED_DAY1 + HAND_CHECKED_DAY2, worked out by hand.
 * Total times (ms): 1, 171, 1, 251, 121, 401 | 30, 10, 0, 5 (504 and 503 have none).
 * Target times (ms): 1, 48, 1, 250, 120, 400 | 30, 10, 5.
 * Percentiles are nearest-rank: p50 of ten values is the 5th smallest.
 */
export const HAND_CHECKED_FIGURES = {
  total: 12,
  successRate: (7 / 12) * 100,
  errors5xx: { elb: 4, target: 1 },
  latencyMs: { p50: 10, p90: 251, p99: 401, max: 401 },
  targetLatencyMs: { p50: 30, p90: 400, p99: 400, max: 400 },
  byDay: [
    { day: '2018-07-02', total: 7, successRate: (4 / 7) * 100, errors5xx: { elb: 2, target: 1 }, latencyMs: { p50: 121, p90: 401, p99: 401, max: 401 } },
    { day: '2018-07-03', total: 5, successRate: 60, errors5xx: { elb: 2, target: 0 }, latencyMs: { p50: 5, p90: 30, p99: 30, max: 30 } },
  ],
  byHour: [
    { hour: '2018-07-02T22', total: 4, successRate: 50, errors5xx: { elb: 1, target: 1 } },
    { hour: '2018-07-02T23', total: 3, successRate: (2 / 3) * 100, errors5xx: { elb: 1, target: 0 } },
    { hour: '2018-07-03T00', total: 5, successRate: 60, errors5xx: { elb: 2, target: 0 } },
  ],
  byRoute: [
    { route: 'GET /', total: 3, errors5xx: { elb: 1, target: 0 } },
    { route: 'GET /hospitals', total: 3, errors5xx: { elb: 1, target: 0 } },
    { route: 'GET /hospitals/{id}', total: 2, errors5xx: { elb: 0, target: 1 } },
    { route: 'DELETE /hospitals/{id}', total: 1, errors5xx: { elb: 0, target: 0 } },
    { route: 'GET /hospitals/{id}.json', total: 1, errors5xx: { elb: 1, target: 0 } },
    { route: 'PATCH /hospitals/{id}', total: 1, errors5xx: { elb: 1, target: 0 } },
    { route: 'POST /hospitals', total: 1, errors5xx: { elb: 0, target: 0 } },
  ],
  /** Line numbers within each file when day one and day two are separate files. */
  malformed: { day1Line: 5, day2Line: 6 },
} as const;
