import type { AccessLogReport, TrafficSummary } from './access-log-report';
import type { LatencySummary } from './latency-histogram';

/** Rows shown per section in the terminal; `--json` and `--html` carry everything. */
const MAX_ROUTES_SHOWN = 15;
const MAX_HOURS_SHOWN = 48;
const MAX_MALFORMED_SHOWN = 10;

/** The default, human-readable output of `hosp logs analyze`. */
export function renderTextReport(report: AccessLogReport): string {
  const out: string[] = [];
  const period = report.period === null ? 'no entries' : `${report.period.from} … ${report.period.to}`;
  out.push(`ALB access logs: ${report.files} file(s), ${report.total} request(s), ${period}`);
  out.push('');
  const verdict = report.slo.met ? 'MET' : 'MISSED';
  out.push(`Success rate      ${percent(report.successRate)}   (SLO ${report.slo.targetPercent} %: ${verdict})`);
  const failed = report.errors5xx.elb + report.errors5xx.target;
  out.push(`5xx to clients    ${failed}   (load balancer ${report.errors5xx.elb}, target ${report.errors5xx.target})`);
  out.push('');
  out.push(
    table(
      ['latency (ms)', 'p50', 'p90', 'p99', 'max'],
      [
        ['total', ...latency(report.latencyMs)],
        ['target', ...latency(report.targetLatencyMs)],
      ],
    ),
  );
  section(out, 'By day', table(sliceHeader('day'), report.byDay.map((d) => sliceRow(d.day, d))));
  const hours = report.byHour.slice(-MAX_HOURS_SHOWN);
  const hoursTitle =
    hours.length < report.byHour.length ? `By hour (last ${hours.length} of ${report.byHour.length})` : 'By hour';
  section(out, hoursTitle, table(sliceHeader('hour (UTC)'), hours.map((h) => sliceRow(h.hour, h))));
  const routes = report.byRoute.slice(0, MAX_ROUTES_SHOWN);
  const routesTitle =
    routes.length < report.byRoute.length ? `Top ${routes.length} of ${report.byRoute.length} routes` : 'By route';
  section(out, routesTitle, table(sliceHeader('route'), routes.map((r) => sliceRow(r.route, r))));
  if (report.malformed.count > 0) {
    const listed = report.malformed.lines.slice(0, MAX_MALFORMED_SHOWN);
    const more = report.malformed.count - listed.length;
    section(
      out,
      `Malformed lines: ${report.malformed.count} (skipped)`,
      [...listed.map((m) => `  ${m.file}:${m.line}  ${m.reason}`), ...(more > 0 ? [`  … and ${more} more`] : [])].join(
        '\n',
      ),
    );
  }
  if (report.unreadableFiles.length > 0) {
    section(out, 'Unreadable files', report.unreadableFiles.map((f) => `  ${f.file}  ${f.reason}`).join('\n'));
  }
  return `${out.join('\n')}\n`;
}

function section(out: string[], title: string, body: string): void {
  out.push('', title, body);
}

function sliceHeader(first: string): string[] {
  return [first, 'requests', 'success', '5xx elb', '5xx target', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
}

function sliceRow(key: string, s: TrafficSummary): string[] {
  return [
    key,
    String(s.total),
    percent(s.successRate),
    String(s.errors5xx.elb),
    String(s.errors5xx.target),
    ...latency(s.latencyMs),
  ];
}

function latency(l: LatencySummary): string[] {
  return [l.p50, l.p90, l.p99, l.max].map((v) => (v === null ? '-' : v.toFixed(1)));
}

/** Percent with enough digits to tell 99.95 from 100 without claiming false precision. */
export function percent(value: number | null): string {
  if (value === null) return '-';
  return `${value === 100 ? '100' : value.toFixed(value >= 99 ? 3 : 2)} %`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
