import { FORMAT_TITLES, PRODUCERS } from './access-log-format';
import type { AccessLogReport, TrafficSummary } from './access-log-report';
import type { AccessLogsAnalysis } from './analyze-access-logs';
import type { BurnWindow } from './error-budget';
import { attr, renderSvgChart, text } from './render-svg-chart';
import { count, percent } from './render-text-report';
import type { SourceComparison } from './source-comparison';

/*
 * `--html FILE`: one self-contained page (inline CSS and SVG, no script, no external
 * resource; a Content-Security-Policy forbids fetching anything) that can be attached to
 * a ticket or opened offline. With several sources it opens with the before/after table
 * (what clients received beside what legacy answered per attempt, and the amplification),
 * then one section per source: cards, the error budget over time, success-rate and p99
 * charts, and the tables.
 */

const MAX_ROUTES_LISTED = 50;
const SHORT_NAMES = { cloudfront: 'CloudFront', apigw: 'HTTP API', alb: 'ALB' } as const;

/** The HTML report. `generatedAt` is passed in so output is reproducible. */
export function renderHtmlReport(analysis: AccessLogsAnalysis, generatedAt: Date): string {
  const several = analysis.sources.length > 1;
  const title = several ? 'Access-log report' : `${SHORT_NAMES[analysis.sources[0]!.format]} access-log report`;
  const body = [
    analysis.comparison === null ? '' : comparisonSection(analysis.comparison),
    ...analysis.sources.map((source) => sourceSection(source, several)),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${text(title)}</h1>
<p class="meta">${text(`${analysis.sources.map((s) => FORMAT_TITLES[s.format]).join(' · ')} · generated ${generatedAt.toISOString()}`)}</p>
${body}
<p class="meta">Success = the client did not get a 5xx. Percentiles within 1 %. Error budget = requests × (1 − SLO); burn rate = error rate ÷ (1 − SLO).
Latency: ALB request + target + response processing time; CloudFront time-taken; HTTP API response latency.</p>
</body>
</html>
`;
}

function comparisonSection(c: SourceComparison): string {
  const pct = (v: number): string => `${v.toFixed(v >= 99 ? 2 : 1)} %`;
  const rows = c.formats
    .map((f) => {
      const figures = c.overall[f];
      return `<tr data-source="${attr(f)}"><th scope="row">${text(FORMAT_TITLES[f])}</th><td>${text(count(figures?.requests ?? 0))}</td><td>${text(percent(figures?.successRate ?? null))}</td></tr>`;
    })
    .join('\n');
  const amplification = c.amplification === null ? '-' : `${c.amplification.toFixed(2)}×`;
  const charts = [
    renderSvgChart({
      id: 'success-rate-by-source',
      title: 'Success rate per hour (UTC): what clients received beside what each component saw',
      kind: 'line',
      series: c.formats.map((f) => ({ name: FORMAT_TITLES[f], points: c.byHour.map((h) => ({ label: shortHour(h.hour), value: h.sources[f]?.successRate ?? null })) })),
      format: pct,
      unit: '%',
      yMax: 100,
    }),
    renderSvgChart({
      id: 'amplification-per-hour',
      title: `Amplification per hour: ${c.inner} requests per ${c.outer} request`,
      kind: 'line',
      points: c.byHour.map((h) => ({ label: shortHour(h.hour), value: h.amplification })),
      format: (v) => `${v.toFixed(2)}×`,
      unit: '×',
      fromZero: true,
      threshold: { value: 1, label: 'no amplification (1×)' },
    }),
  ];
  return `<section class="comparison">
<h2>${text(c.inner === 'alb' ? 'What clients received and what legacy answered per attempt' : 'What clients received beside what each component saw')}</h2>
<p class="meta">${text(`Over the ${c.hoursCompared} hour(s) with traffic in both ${FORMAT_TITLES[c.outer]} and ${FORMAT_TITLES[c.inner]}.`)}</p>
<table id="comparison"><thead><tr><th scope="col">Source</th><th scope="col">Requests</th><th scope="col">Success</th></tr></thead><tbody>
${rows}
</tbody></table>
<div class="cards">${card('Amplification', amplification)}</div>
<section class="charts">
${charts.map((chart) => `<figure>${chart}</figure>`).join('\n')}
</section>
</section>`;
}

function sourceSection(report: AccessLogReport, prefixIds: boolean): string {
  const id = (name: string): string => (prefixIds ? `${report.format}-${name}` : name);
  const [front, behind] = PRODUCERS[report.format];
  const slo = report.slo.targetPercent;
  const sloLine = { value: slo, label: `SLO ${slo} %` };
  const pct = (v: number): string => `${v.toFixed(v >= 99 ? 2 : 1)} %`;
  const ms = (v: number): string => `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms`;
  const budget = report.errorBudget;
  const charts = [
    renderSvgChart({
      id: id('error-budget'),
      title: `Error budget spent, cumulative per hour (% of the period's budget at SLO ${slo} %)`,
      kind: 'line',
      points: budget.timeline.map((h) => ({ label: shortHour(h.hour), value: h.spentPercent })),
      format: (v) => `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} % spent`,
      unit: '%',
      fromZero: true,
      threshold: { value: 100, label: 'budget exhausted' },
    }),
    renderSvgChart({
      id: id('success-rate-per-day'),
      title: 'Success rate per day (requests without a 5xx)',
      kind: 'bar',
      points: report.byDay.map((d) => ({ label: d.day, value: d.successRate })),
      format: pct,
      unit: '%',
      threshold: sloLine,
      yMax: 100,
    }),
    renderSvgChart({
      id: id('success-rate-per-hour'),
      title: 'Success rate per hour (UTC)',
      kind: 'line',
      points: report.byHour.map((h) => ({ label: shortHour(h.hour), value: h.successRate })),
      format: pct,
      unit: '%',
      threshold: sloLine,
      yMax: 100,
    }),
    renderSvgChart({
      id: id('p99-per-day'),
      title: 'p99 total latency per day',
      kind: 'bar',
      points: report.byDay.map((d) => ({ label: d.day, value: d.latencyMs.p99 })),
      format: ms,
      unit: 'ms',
      fromZero: true,
    }),
    renderSvgChart({
      id: id('p99-per-hour'),
      title: 'p99 total latency per hour (UTC)',
      kind: 'line',
      points: report.byHour.map((h) => ({ label: shortHour(h.hour), value: h.latencyMs.p99 })),
      format: ms,
      unit: 'ms',
      fromZero: true,
    }),
  ];
  const period = report.period === null ? 'no entries' : `${report.period.from} – ${report.period.to}`;
  return `<section class="source" data-source="${attr(report.format)}">
<h2>${text(FORMAT_TITLES[report.format])}</h2>
<p class="meta">${text(`${count(report.files)} file(s) · ${period}`)}</p>
<div class="cards">
${card('Requests', count(report.total))}
${card('Success rate', percent(report.successRate), report.slo.met ? 'ok' : 'bad')}
${card(`SLO ${slo} %`, report.slo.met ? 'met' : 'missed', report.slo.met ? 'ok' : 'bad')}
${card('Error budget remaining', budget.remainingPercent === null ? '-' : `${budget.remainingPercent.toLocaleString('en-US', { maximumFractionDigits: 1 })} %`, budget.remaining >= 0 ? 'ok' : 'bad')}
${card(`5xx from ${front}`, count(report.errors5xx[front] ?? 0))}
${card(`5xx from ${behind}`, count(report.errors5xx[behind] ?? 0))}
${card('Latency p50 / p99', `${fmt(report.latencyMs.p50)} / ${fmt(report.latencyMs.p99)} ms`)}
${card('Malformed lines', count(report.malformed.count), report.malformed.count > 0 ? 'warn' : undefined)}
</div>
<section class="charts">
${charts.map((c) => `<figure>${c}</figure>`).join('\n')}
</section>
<h3>Error budget</h3>
${budgetTable(report)}
<h3>By day</h3>
${sliceTable('Day (UTC)', report.byDay.map((d) => [d.day, d] as const), front, behind)}
<h3>By route${report.byRoute.length > MAX_ROUTES_LISTED ? ` (top ${MAX_ROUTES_LISTED} of ${report.byRoute.length})` : ''}</h3>
${sliceTable('Route', report.byRoute.slice(0, MAX_ROUTES_LISTED).map((r) => [r.route, r] as const), front, behind)}
<h3>By hour</h3>
${sliceTable('Hour (UTC)', report.byHour.map((h) => [h.hour, h] as const), front, behind)}
${malformedSection(report, id('malformed'))}
</section>`;
}

function budgetTable(report: AccessLogReport): string {
  const b = report.errorBudget;
  const number = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: v !== 0 && Math.abs(v) < 1 ? 4 : 2 });
  const windows = (name: string, list: readonly BurnWindow[]): string =>
    list
      .map(
        (w) =>
          `<tr><th scope="row">${text(`worst ${name}: ${w.from} – ${w.to}`)}</th><td>${text(w.burnRate === null ? '-' : w.burnRate.toFixed(2))}</td><td>${text(`${count(w.failed)} of ${count(w.requests)} failed`)}</td></tr>`,
      )
      .join('\n');
  return `<table class="budget"><tbody>
<tr><th scope="row">Allowed failures (${text(count(b.requests))} requests × ${text(number(100 - b.sloPercent))} %)</th><td>${text(number(b.allowedFailures))}</td><td></td></tr>
<tr><th scope="row">Spent (5xx to clients)</th><td>${text(count(b.failed))}</td><td></td></tr>
<tr><th scope="row">Remaining</th><td>${text(number(b.remaining))}</td><td>${text(b.remainingPercent === null ? '' : `${number(b.remainingPercent)} % of the budget`)}</td></tr>
<tr><th scope="row">Burn rate of the period</th><td>${text(b.burnRate === null ? '-' : b.burnRate.toFixed(2))}</td><td></td></tr>
${windows('1 h', b.worstWindows.oneHour)}
${windows('6 h', b.worstWindows.sixHours)}
</tbody></table>`;
}

function card(label: string, value: string, tone?: 'ok' | 'bad' | 'warn'): string {
  return `<div class="card${tone === undefined ? '' : ` ${tone}`}"><div class="label">${text(label)}</div><div class="value">${text(value)}</div></div>`;
}

function sliceTable(first: string, rows: ReadonlyArray<readonly [string, TrafficSummary]>, front: string, behind: string): string {
  const head = [first, 'Requests', 'Success', `5xx ${front}`, `5xx ${behind}`, 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  const body = rows
    .map(([key, s]) => {
      const cells = [
        count(s.total),
        percent(s.successRate),
        count(s.errors5xx[front] ?? 0),
        count(s.errors5xx[behind] ?? 0),
        fmt(s.latencyMs.p50),
        fmt(s.latencyMs.p90),
        fmt(s.latencyMs.p99),
        fmt(s.latencyMs.max),
      ];
      return `<tr><th scope="row">${text(key)}</th>${cells.map((c) => `<td>${text(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table><thead><tr>${head.map((h) => `<th scope="col">${text(h)}</th>`).join('')}</tr></thead><tbody>
${body}
</tbody></table>`;
}

function malformedSection(report: AccessLogReport, id: string): string {
  if (report.malformed.count === 0 && report.unreadableFiles.length === 0) return '';
  const items = [
    ...report.malformed.lines.map((m) => `<li><code>${text(`${m.file}:${m.line}`)}</code> ${text(m.reason)}</li>`),
    ...report.unreadableFiles.map((f) => `<li><code>${text(f.file)}</code> unreadable: ${text(f.reason)}</li>`),
  ];
  const more = report.malformed.truncated ? `<p>… ${count(report.malformed.count - report.malformed.lines.length)} more not listed.</p>` : '';
  return `<h3 id="${attr(id)}" data-count="${attr(String(report.malformed.count))}">Malformed lines: ${count(report.malformed.count)}</h3>
<ul>${items.join('')}</ul>${more}`;
}

function fmt(v: number | null): string {
  return v === null ? '-' : v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** `2024-03-01T22` → `03-01 22h`, short enough for an axis. */
function shortHour(hour: string): string {
  return `${hour.slice(5, 10)} ${hour.slice(11, 13)}h`;
}

const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2430;background:#fff}
h1{margin:0 0 4px}h2{margin-top:36px;border-bottom:1px solid #d7dce5}h3{margin-top:28px}.meta{color:#5b6475}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #d7dce5;border-radius:8px;padding:10px 14px;min-width:150px}
.card .label{color:#5b6475;font-size:12px}.card .value{font-size:22px;font-weight:600}
.card.ok .value{color:#1a7f37}.card.bad .value{color:#cf222e}.card.warn .value{color:#9a6700}
figure{margin:16px 0}svg.chart{width:100%;max-width:960px;height:auto;background:#fafbfc;border:1px solid #e3e7ee;border-radius:8px}
.plot-area{fill:#fff;stroke:#e3e7ee}
.chart-title{font-weight:600;font-size:14px;fill:#1d2430}.grid{stroke:#e3e7ee}.y-label,.x-label,.legend{font-size:11px;fill:#5b6475}
.bar{fill:#3b82f6}.series{fill:none;stroke-width:1.5}.point{r:3}
.series-0{stroke:#3b82f6;fill:#3b82f6}.series-1{stroke:#d97706;fill:#d97706}.series-2{stroke:#7c3aed;fill:#7c3aed}
polyline.series{fill:none}.legend-key.series-0{fill:#3b82f6}.legend-key.series-1{fill:#d97706}.legend-key.series-2{fill:#7c3aed}
.threshold{stroke:#cf222e;stroke-dasharray:6 4}.threshold-key,.threshold-label{fill:#cf222e}.empty{fill:#5b6475}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}th,td{padding:3px 10px;border-bottom:1px solid #e3e7ee;text-align:right}
th:first-child{text-align:left}tbody th{font-weight:normal;font-family:ui-monospace,monospace}
`;
