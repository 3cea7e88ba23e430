import { FORMAT_TITLES, PRODUCERS } from './access-log-format';
import type { AccessLogReport, TrafficSummary } from './access-log-report';
import type { AccessLogsAnalysis } from './analyze-access-logs';
import type { BurnWindow, ErrorBudgetReport } from './error-budget';
import type { LatencySummary } from './latency-histogram';
import type { SourceComparison } from './source-comparison';

/** Rows shown per section in the terminal; `--json` and `--html` carry everything. */
const MAX_ROUTES_SHOWN = 15;
const MAX_HOURS_SHOWN = 48;
const MAX_MALFORMED_SHOWN = 10;

/** The default, human-readable output of `hosp logs analyze`: every source, then how they compare. */
export function renderTextAnalysis(analysis: AccessLogsAnalysis): string {
  const parts = analysis.sources.map(renderTextReport);
  if (analysis.comparison !== null) parts.push(renderComparison(analysis.comparison));
  return parts.join('\n');
}

/** One source's report. */
export function renderTextReport(report: AccessLogReport): string {
  const out: string[] = [];
  const [front, behind] = PRODUCERS[report.format];
  const period = report.period === null ? 'no entries' : `${report.period.from} … ${report.period.to}`;
  out.push(`${FORMAT_TITLES[report.format]}: ${report.files} file(s), ${count(report.total)} request(s), ${period}`);
  out.push('');
  const verdict = report.slo.met ? 'MET' : 'MISSED';
  out.push(`Success rate      ${percent(report.successRate)}   (SLO ${report.slo.targetPercent} %: ${verdict})`);
  const failed = report.errors5xx[front]! + report.errors5xx[behind]!;
  out.push(`5xx to clients    ${count(failed)}   (${front} ${count(report.errors5xx[front]!)}, ${behind} ${count(report.errors5xx[behind]!)})`);
  out.push('');
  out.push(
    table(
      ['latency (ms)', 'p50', 'p90', 'p99', 'max'],
      [
        ['total', ...latency(report.latencyMs)],
        [behind, ...latency(report.targetLatencyMs)],
      ],
    ),
  );
  section(out, `Error budget (SLO ${report.slo.targetPercent} %)`, budget(report.errorBudget));
  const header = sliceHeader(front, behind);
  section(out, 'By day', table(header('day'), report.byDay.map((d) => sliceRow(d.day, d, front, behind))));
  const hours = report.byHour.slice(-MAX_HOURS_SHOWN);
  const hoursTitle =
    hours.length < report.byHour.length ? `By hour (last ${hours.length} of ${report.byHour.length})` : 'By hour';
  section(out, hoursTitle, table(header('hour (UTC)'), hours.map((h) => sliceRow(h.hour, h, front, behind))));
  const routes = report.byRoute.slice(0, MAX_ROUTES_SHOWN);
  const routesTitle =
    routes.length < report.byRoute.length ? `Top ${routes.length} of ${report.byRoute.length} routes` : 'By route';
  section(out, routesTitle, table(header('route'), routes.map((r) => sliceRow(r.route, r, front, behind))));
  if (report.malformed.count > 0) {
    const listed = report.malformed.lines.slice(0, MAX_MALFORMED_SHOWN);
    const more = report.malformed.count - listed.length;
    section(
      out,
      `Malformed lines: ${count(report.malformed.count)} (skipped)`,
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

function budget(b: ErrorBudgetReport): string {
  const lines = [
    `  allowed failures  ${fixed(b.allowedFailures)}   (${count(b.requests)} requests × ${fixed(100 - b.sloPercent)} %)`,
    `  spent             ${count(b.failed)}`,
    `  remaining         ${fixed(b.remaining)}${b.remainingPercent === null ? '' : `   (${fixed(b.remainingPercent)} % of the budget)`}`,
    `  burn rate         ${rate(b.burnRate)}   (1 = spent exactly over the period)`,
  ];
  const windows = (title: string, list: readonly BurnWindow[]): string[] =>
    list.length === 0
      ? []
      : [`  worst ${title} windows:`, ...list.map((w) => `    ${w.from} … ${w.to}  burn ${rate(w.burnRate)}  (${count(w.failed)} of ${count(w.requests)} failed)`)];
  return [...lines, ...windows('1 h', b.worstWindows.oneHour), ...windows('6 h', b.worstWindows.sixHours)].join('\n');
}

function renderComparison(c: SourceComparison): string {
  const out: string[] = [];
  out.push(`What clients received beside what each component saw (${c.hoursCompared} hour(s) with traffic in both ${c.outer} and ${c.inner})`);
  out.push('');
  out.push(
    table(
      ['source', 'requests', 'success'],
      c.formats.map((f) => [FORMAT_TITLES[f], count(c.overall[f]?.requests ?? 0), percent(c.overall[f]?.successRate ?? null)]),
    ),
  );
  out.push('', `Amplification     ${c.amplification === null ? '-' : c.amplification.toFixed(2)} ${c.inner} request(s) per ${c.outer} request`);
  const hours = c.byHour.slice(-MAX_HOURS_SHOWN);
  section(
    out,
    hours.length < c.byHour.length ? `By hour (last ${hours.length} of ${c.byHour.length})` : 'By hour',
    table(
      ['hour (UTC)', ...c.formats.flatMap((f) => [`${f} req`, `${f} success`]), 'amplification'],
      hours.map((h) => [
        h.hour,
        ...c.formats.flatMap((f) => [count(h.sources[f]?.requests ?? 0), percent(h.sources[f]?.successRate ?? null)]),
        h.amplification === null ? '-' : h.amplification.toFixed(2),
      ]),
    ),
  );
  return `${out.join('\n')}\n`;
}

function section(out: string[], title: string, body: string): void {
  out.push('', title, body);
}

function sliceHeader(front: string, behind: string): (first: string) => string[] {
  return (first) => [first, 'requests', 'success', `5xx ${front}`, `5xx ${behind}`, 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
}

function sliceRow(key: string, s: TrafficSummary, front: string, behind: string): string[] {
  return [
    key,
    count(s.total),
    percent(s.successRate),
    count(s.errors5xx[front] ?? 0),
    count(s.errors5xx[behind] ?? 0),
    ...latency(s.latencyMs),
  ];
}

function latency(l: LatencySummary): string[] {
  return [l.p50, l.p90, l.p99, l.max].map((v) => (v === null ? '-' : v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })));
}

/** A count with thousands separators: 1,234,567. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** Thousands separators; small budgets (0.005 failures) keep their first digits. */
function fixed(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: value !== 0 && Math.abs(value) < 1 ? 4 : 2 });
}

function rate(value: number | null): string {
  return value === null ? '-' : value.toFixed(2);
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
