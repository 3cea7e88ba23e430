/*
 * Inline SVG bar and line charts, drawn here rather than by a charting library so the
 * HTML report is one self-contained file that makes no network request. Every data point
 * is an element (`rect.bar` or `circle.point`) carrying `data-label`/`data-value` and a
 * `<title>` tooltip, which also lets tests check what was drawn.
 *
 * Layout rules: the y axis runs between round values with round ticks (1, 2 or 5 × 10ⁿ);
 * axis labels use thousands separators; every text (title, legend, threshold name, axis
 * labels) sits outside the plot area (`rect.plot-area`), so none covers a line or a bar;
 * x labels are thinned until they fit side by side.
 */

/** One x position; a null value (no traffic) leaves a gap. */
export interface ChartPoint {
  readonly label: string;
  readonly value: number | null;
}

/** One line (or the bars) of a chart. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
}

/** What to draw. */
export interface ChartSpec {
  /** Stable identifier, rendered as `data-chart`. */
  readonly id: string;
  readonly title: string;
  readonly kind: 'bar' | 'line';
  /** A single series (bars or a line)… */
  readonly points?: readonly ChartPoint[];
  /** …or several lines sharing the x labels of the first (lines only). */
  readonly series?: readonly ChartSeries[];
  /** Formats a value for tooltips. */
  readonly format: (value: number) => string;
  /** Unit written after axis labels (`%`, `ms`, `×`). */
  readonly unit?: string;
  /** A reference line, e.g. the SLO. */
  readonly threshold?: { readonly value: number; readonly label: string };
  /** Fixed top of the y axis (e.g. 100 for percentages). */
  readonly yMax?: number;
  /** Start the y axis at zero (latencies, counts) rather than near the lowest value (rates). */
  readonly fromZero?: boolean;
}

const WIDTH = 960;
const HEIGHT = 320;
const LEFT = 84;
const RIGHT = 20;
const TOP = 56; // title and legend rows
const BOTTOM = 44;
const CHAR_WIDTH = 6.6; // 11 px labels
/** Intervals the axis aims at (a round step makes it 3 to 5). */
const TICK_INTERVALS = 5;

/** The chart as an `<svg>` element string. */
export function renderSvgChart(spec: ChartSpec): string {
  const series: readonly ChartSeries[] = spec.series ?? [{ name: '', points: spec.points ?? [] }];
  const labels = (series[0]?.points ?? []).map((p) => p.label);
  const values = series.flatMap((s) => s.points.map((p) => p.value)).filter((v): v is number => v !== null);
  const axis = yAxis(spec, values);
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const band = plotW / Math.max(1, labels.length);
  const x = (i: number): number => LEFT + band * (i + 0.5);
  const y = (v: number): number => TOP + plotH - ((Math.min(Math.max(v, axis.min), axis.max) - axis.min) / (axis.max - axis.min)) * plotH;
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" data-chart="${attr(spec.id)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${attr(spec.title)}">`,
    `<text class="chart-title" x="${LEFT}" y="20">${text(spec.title)}</text>`,
    `<rect class="plot-area" x="${LEFT}" y="${TOP}" width="${plotW}" height="${plotH}"/>`,
  );
  for (const tick of axis.ticks) {
    parts.push(
      `<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${n(y(tick))}" y2="${n(y(tick))}"/>`,
      `<text class="y-label" data-value="${tick}" x="${LEFT - 8}" y="${n(y(tick) + 4)}" text-anchor="end">${text(axisLabel(tick, axis.decimals, spec.unit))}</text>`,
    );
  }
  const widest = Math.max(1, ...labels.map((l) => l.length));
  const fit = Math.max(1, Math.floor(plotW / (widest * CHAR_WIDTH + 12)));
  const every = Math.max(1, Math.ceil(labels.length / fit));
  labels.forEach((label, i) => {
    if (i % every === 0) {
      parts.push(`<text class="x-label" x="${n(x(i))}" y="${HEIGHT - BOTTOM + 18}" text-anchor="middle">${text(label)}</text>`);
    }
  });
  if (spec.kind === 'bar') parts.push(bars(spec, series[0]!, x, y, band, axis.min));
  else series.forEach((s, i) => parts.push(line(spec, s, i, x, y)));
  const legend: string[] = [];
  if (spec.series !== undefined) spec.series.forEach((s, i) => legend.push(`<tspan class="legend-key series-${i}">■</tspan> ${text(s.name)}`));
  if (spec.threshold !== undefined && spec.threshold.value >= axis.min && spec.threshold.value <= axis.max) {
    const ty = n(y(spec.threshold.value));
    parts.push(`<line class="threshold" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${ty}" y2="${ty}"/>`);
    legend.push(`<tspan class="threshold-key">- -</tspan> <tspan class="threshold-label">${text(spec.threshold.label)}</tspan>`);
  }
  if (legend.length > 0) parts.push(`<text class="legend" x="${LEFT}" y="42">${legend.join('   ')}</text>`);
  if (values.length === 0) {
    parts.push(`<text class="empty" x="${WIDTH / 2}" y="${HEIGHT - 10}" text-anchor="middle">no data</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

function bars(
  spec: ChartSpec,
  series: ChartSeries,
  x: (i: number) => number,
  y: (v: number) => number,
  band: number,
  yMin: number,
): string {
  const width = Math.max(1, band * 0.7);
  return series.points
    .map((p, i) => {
      if (p.value === null) return '';
      const top = y(Math.max(p.value, yMin));
      const height = Math.max(1, y(yMin) - top);
      return `<rect class="bar" x="${n(x(i) - width / 2)}" y="${n(Math.min(top, y(yMin) - 1))}" width="${n(width)}" height="${n(height)}" ${data(p)}><title>${text(`${p.label}: ${spec.format(p.value)}`)}</title></rect>`;
    })
    .join('');
}

function line(spec: ChartSpec, series: ChartSeries, index: number, x: (i: number) => number, y: (v: number) => number): string {
  const segments: string[][] = [[]];
  const dots: string[] = [];
  const prefix = series.name === '' ? '' : `${series.name} `;
  series.points.forEach((p, i) => {
    if (p.value === null) {
      segments.push([]);
      return;
    }
    segments[segments.length - 1]!.push(`${n(x(i))},${n(y(p.value))}`);
    dots.push(
      `<circle class="point series-${index}" cx="${n(x(i))}" cy="${n(y(p.value))}" r="3" ${data(p)} data-series="${attr(series.name)}"><title>${text(`${prefix}${p.label}: ${spec.format(p.value)}`)}</title></circle>`,
    );
  });
  const lines = segments
    .filter((s) => s.length > 1)
    .map((s) => `<polyline class="series series-${index}" points="${s.join(' ')}"/>`)
    .join('');
  return lines + dots.join('');
}

/** Round bounds and ticks covering the values (and the threshold). */
export function yAxis(spec: Pick<ChartSpec, 'threshold' | 'yMax' | 'fromZero'>, values: readonly number[]): { min: number; max: number; ticks: number[]; decimals: number } {
  const candidates = spec.threshold === undefined ? [...values] : [...values, spec.threshold.value];
  let lo = candidates.length === 0 ? 0 : Math.min(...candidates);
  let hi = candidates.length === 0 ? (spec.yMax ?? 1) : Math.max(...candidates);
  if (spec.fromZero === true) lo = Math.min(0, lo);
  if (spec.yMax !== undefined) hi = Math.max(hi, spec.yMax);
  if (hi - lo < 1e-9) {
    hi = lo === 0 ? 1 : hi + Math.abs(hi) * 0.1;
    lo = spec.fromZero === true ? lo : lo - Math.abs(lo) * 0.1;
  }
  const step = niceStep((hi - lo) / TICK_INTERVALS);
  let min = Math.floor(lo / step + 1e-9) * step;
  let max = Math.ceil(hi / step - 1e-9) * step;
  if (spec.fromZero !== true && lo >= 0 && min < 0) min = 0;
  if (max - min < step) max = min + step;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks: number[] = [];
  for (let v = min; v <= max + step / 2; v += step) ticks.push(roundTo(v, decimals));
  return { min, max, ticks, decimals };
}

/** 1, 2 or 5 × 10ⁿ, the smallest at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function axisLabel(value: number, decimals: number, unit: string | undefined): string {
  const number = value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return unit === undefined || unit === '' ? number : unit === '%' || unit === '×' ? `${number}${unit === '%' ? ' %' : '×'}` : `${number} ${unit}`;
}

function data(p: ChartPoint): string {
  return `data-label="${attr(p.label)}" data-value="${p.value}"`;
}

function n(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** Escapes text content for HTML/SVG. */
export function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value for HTML/SVG. */
export function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;');
}
