import type { AccessLogReport, TrafficSummary } from './access-log-report';
import { percent } from './render-text-report';
import { attr, renderSvgChart, text } from './render-svg-chart';

/*
 * `--html FILE`: one self-contained page (inline CSS and SVG, no script, no external
 * resource; a Content-Security-Policy forbids fetching anything) that can be attached to
 * a ticket or opened offline, with the success-rate and p99 charts the first team showed.
 */

const MAX_ROUTES_LISTED = 50;

/** The HTML report. `generatedAt` is passed in so output is reproducible. */
export function renderHtmlReport(report: AccessLogReport, generatedAt: Date): string {
  const slo = report.slo.targetPercent;
  const sloLine = { value: slo, label: `SLO ${slo} %` };
  const pct = (v: number): string => `${v.toFixed(v >= 99 ? 2 : 1)} %`;
  const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
  const charts = [
    renderSvgChart({
      id: 'success-rate-per-day',
      title: 'Success rate per day (requests without a 5xx)',
      kind: 'bar',
      points: report.byDay.map((d) => ({ label: d.day, value: d.successRate })),
      format: pct,
      threshold: sloLine,
      yMax: 100,
    }),
    renderSvgChart({
      id: 'success-rate-per-hour',
      title: 'Success rate per hour (UTC)',
      kind: 'line',
      points: report.byHour.map((h) => ({ label: shortHour(h.hour), value: h.successRate })),
      format: pct,
      threshold: sloLine,
      yMax: 100,
    }),
    renderSvgChart({
      id: 'p99-per-day',
      title: 'p99 total latency per day',
      kind: 'bar',
      points: report.byDay.map((d) => ({ label: d.day, value: d.latencyMs.p99 })),
      format: ms,
      fromZero: true,
    }),
    renderSvgChart({
      id: 'p99-per-hour',
      title: 'p99 total latency per hour (UTC)',
      kind: 'line',
      points: report.byHour.map((h) => ({ label: shortHour(h.hour), value: h.latencyMs.p99 })),
      format: ms,
      fromZero: true,
    }),
  ];
  const period = report.period === null ? 'no entries' : `${report.period.from} – ${report.period.to}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ALB access-log report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>ALB access-log report</h1>
<p class="meta">${text(`${report.files} file(s) · ${period} · generated ${generatedAt.toISOString()}`)}</p>
<section class="cards">
${card('Requests', String(report.total))}
${card('Success rate', percent(report.successRate), report.slo.met ? 'ok' : 'bad')}
${card(`SLO ${slo} %`, report.slo.met ? 'met' : 'missed', report.slo.met ? 'ok' : 'bad')}
${card('5xx from load balancer', String(report.errors5xx.elb))}
${card('5xx from target', String(report.errors5xx.target))}
${card('Latency p50 / p99', `${fmt(report.latencyMs.p50)} / ${fmt(report.latencyMs.p99)} ms`)}
${card('Latency max', `${fmt(report.latencyMs.max)} ms`)}
${card('Malformed lines', String(report.malformed.count), report.malformed.count > 0 ? 'warn' : undefined)}
</section>
<section class="charts">
${charts.map((c) => `<figure>${c}</figure>`).join('\n')}
</section>
<h2>By day</h2>
${sliceTable('Day (UTC)', report.byDay.map((d) => [d.day, d] as const))}
<h2>By route${report.byRoute.length > MAX_ROUTES_LISTED ? ` (top ${MAX_ROUTES_LISTED} of ${report.byRoute.length})` : ''}</h2>
${sliceTable('Route', report.byRoute.slice(0, MAX_ROUTES_LISTED).map((r) => [r.route, r] as const))}
<h2>By hour</h2>
${sliceTable('Hour (UTC)', report.byHour.map((h) => [h.hour, h] as const))}
${malformedSection(report)}
<p class="meta">Latency = request + target + response processing time (phases logged as -1 left out); percentiles within 1 %.
A 5xx counts as the target's when the target itself answered 5xx, otherwise as the load balancer's.</p>
</body>
</html>
`;
}

function card(label: string, value: string, tone?: 'ok' | 'bad' | 'warn'): string {
  return `<div class="card${tone === undefined ? '' : ` ${tone}`}"><div class="label">${text(label)}</div><div class="value">${text(value)}</div></div>`;
}

function sliceTable(first: string, rows: ReadonlyArray<readonly [string, TrafficSummary]>): string {
  const head = [first, 'Requests', 'Success', '5xx elb', '5xx target', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  const body = rows
    .map(([key, s]) => {
      const cells = [
        String(s.total),
        percent(s.successRate),
        String(s.errors5xx.elb),
        String(s.errors5xx.target),
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

function malformedSection(report: AccessLogReport): string {
  if (report.malformed.count === 0 && report.unreadableFiles.length === 0) return '';
  const items = [
    ...report.malformed.lines.map((m) => `<li><code>${text(`${m.file}:${m.line}`)}</code> ${text(m.reason)}</li>`),
    ...report.unreadableFiles.map((f) => `<li><code>${text(f.file)}</code> unreadable: ${text(f.reason)}</li>`),
  ];
  const more = report.malformed.truncated ? `<p>… ${report.malformed.count - report.malformed.lines.length} more not listed.</p>` : '';
  return `<h2 id="malformed" data-count="${attr(String(report.malformed.count))}">Malformed lines: ${report.malformed.count}</h2>
<ul>${items.join('')}</ul>${more}`;
}

function fmt(v: number | null): string {
  return v === null ? '-' : v.toFixed(1);
}

/** `2024-03-01T22` → `03-01 22h`, short enough for an axis. */
function shortHour(hour: string): string {
  return `${hour.slice(5, 10)} ${hour.slice(11, 13)}h`;
}

const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2430;background:#fff}
h1{margin:0 0 4px}h2{margin-top:32px}.meta{color:#5b6475}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #d7dce5;border-radius:8px;padding:10px 14px;min-width:150px}
.card .label{color:#5b6475;font-size:12px}.card .value{font-size:22px;font-weight:600}
.card.ok .value{color:#1a7f37}.card.bad .value{color:#cf222e}.card.warn .value{color:#9a6700}
figure{margin:16px 0}svg.chart{width:100%;max-width:960px;height:auto;background:#fafbfc;border:1px solid #e3e7ee;border-radius:8px}
.chart-title{font-weight:600;font-size:14px;fill:#1d2430}.grid{stroke:#e3e7ee}.y-label,.x-label{font-size:11px;fill:#5b6475}
.bar{fill:#3b82f6}.series{fill:none;stroke:#3b82f6;stroke-width:1.5}.point{fill:#1d4ed8}
.threshold{stroke:#cf222e;stroke-dasharray:6 4}.threshold-label{font-size:11px;fill:#cf222e}.empty{fill:#5b6475}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}th,td{padding:3px 10px;border-bottom:1px solid #e3e7ee;text-align:right}
th:first-child{text-align:left}tbody th{font-weight:normal;font-family:ui-monospace,monospace}
`;
