/*
 * Inline SVG bar and line charts, drawn here rather than by a charting library so the
 * HTML report is one self-contained file that makes no network request. Every data point
 * is an element (`rect.bar` or `circle.point`) carrying `data-label`/`data-value` and a
 * `<title>` tooltip, which also lets tests check what was drawn.
 */

/** One x position; a null value (no traffic) leaves a gap. */
export interface ChartPoint {
  readonly label: string;
  readonly value: number | null;
}

/** What to draw. */
export interface ChartSpec {
  /** Stable identifier, rendered as `data-chart`. */
  readonly id: string;
  readonly title: string;
  readonly kind: 'bar' | 'line';
  readonly points: readonly ChartPoint[];
  /** Formats a value for axes and tooltips. */
  readonly format: (value: number) => string;
  /** A reference line, e.g. the SLO. */
  readonly threshold?: { readonly value: number; readonly label: string };
  /** Fixed top of the y axis (e.g. 100 for percentages). */
  readonly yMax?: number;
  /** Start the y axis at zero (latencies) rather than near the lowest value (rates). */
  readonly fromZero?: boolean;
}

const WIDTH = 960;
const HEIGHT = 300;
const LEFT = 70;
const RIGHT = 20;
const TOP = 36;
const BOTTOM = 56;
const MAX_X_LABELS = 12;

/** The chart as an `<svg>` element string. */
export function renderSvgChart(spec: ChartSpec): string {
  const values = spec.points.map((p) => p.value).filter((v): v is number => v !== null);
  const [yMin, yMax] = yRange(spec, values);
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const band = plotW / Math.max(1, spec.points.length);
  const x = (i: number): number => LEFT + band * (i + 0.5);
  const y = (v: number): number => TOP + plotH - ((v - yMin) / (yMax - yMin)) * plotH;
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" data-chart="${attr(spec.id)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${attr(spec.title)}">`,
    `<text class="chart-title" x="${LEFT}" y="22">${text(spec.title)}</text>`,
  );
  for (let t = 0; t <= 4; t += 1) {
    const v = yMin + ((yMax - yMin) * t) / 4;
    parts.push(
      `<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${n(y(v))}" y2="${n(y(v))}"/>`,
      `<text class="y-label" x="${LEFT - 6}" y="${n(y(v) + 4)}" text-anchor="end">${text(spec.format(v))}</text>`,
    );
  }
  const every = Math.max(1, Math.ceil(spec.points.length / MAX_X_LABELS));
  spec.points.forEach((p, i) => {
    if (i % every === 0) {
      parts.push(
        `<text class="x-label" x="${n(x(i))}" y="${HEIGHT - BOTTOM + 18}" text-anchor="middle">${text(p.label)}</text>`,
      );
    }
  });
  parts.push(spec.kind === 'bar' ? bars(spec, x, y, band, yMin) : line(spec, x, y));
  if (spec.threshold !== undefined && spec.threshold.value >= yMin && spec.threshold.value <= yMax) {
    const ty = n(y(spec.threshold.value));
    parts.push(
      `<line class="threshold" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${ty}" y2="${ty}"/>`,
      `<text class="threshold-label" x="${WIDTH - RIGHT}" y="${n(y(spec.threshold.value) - 5)}" text-anchor="end">${text(spec.threshold.label)}</text>`,
    );
  }
  if (values.length === 0) {
    parts.push(`<text class="empty" x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no data</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

function bars(
  spec: ChartSpec,
  x: (i: number) => number,
  y: (v: number) => number,
  band: number,
  yMin: number,
): string {
  const width = Math.max(1, band * 0.7);
  return spec.points
    .map((p, i) => {
      if (p.value === null) return '';
      const top = y(Math.max(p.value, yMin));
      const height = Math.max(1, y(yMin) - top);
      return `<rect class="bar" x="${n(x(i) - width / 2)}" y="${n(top)}" width="${n(width)}" height="${n(height)}" ${data(p)}><title>${text(`${p.label}: ${spec.format(p.value)}`)}</title></rect>`;
    })
    .join('');
}

function line(spec: ChartSpec, x: (i: number) => number, y: (v: number) => number): string {
  const segments: string[][] = [[]];
  const dots: string[] = [];
  spec.points.forEach((p, i) => {
    if (p.value === null) {
      segments.push([]);
      return;
    }
    segments[segments.length - 1]!.push(`${n(x(i))},${n(y(p.value))}`);
    dots.push(
      `<circle class="point" cx="${n(x(i))}" cy="${n(y(p.value))}" r="3" ${data(p)}><title>${text(`${p.label}: ${spec.format(p.value)}`)}</title></circle>`,
    );
  });
  const lines = segments
    .filter((s) => s.length > 1)
    .map((s) => `<polyline class="series" points="${s.join(' ')}"/>`)
    .join('');
  return lines + dots.join('');
}

function yRange(spec: ChartSpec, values: number[]): [number, number] {
  const candidates = spec.threshold === undefined ? values : [...values, spec.threshold.value];
  if (candidates.length === 0) return [0, spec.yMax ?? 1];
  let lo = spec.fromZero === true ? 0 : Math.min(...candidates);
  let hi = spec.yMax ?? Math.max(...candidates);
  if (spec.fromZero !== true) lo = Math.max(0, lo - (hi - lo) * 0.1);
  if (spec.yMax === undefined) hi = hi + (hi - lo) * 0.1;
  if (hi - lo < 1e-9) {
    lo = Math.max(0, lo - 1);
    hi = hi + 1;
  }
  return [lo, hi];
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
