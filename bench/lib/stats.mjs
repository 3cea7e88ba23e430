// Summary statistics for benchmark samples: medians with their spread, and latency percentiles.

/** The q-quantile (0..1) of numbers, nearest-rank on a sorted copy; NaN when empty. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Median of repeated runs with their range: `spreadPct` is (max - min) / median, so a reader
 * sees at once how far one run may stray on a noisy machine.
 */
export function summarize(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  const med = median(finite);
  const min = finite.length ? Math.min(...finite) : NaN;
  const max = finite.length ? Math.max(...finite) : NaN;
  return { median: med, min, max, runs: finite.length, spreadPct: med ? ((max - min) / Math.abs(med)) * 100 : 0 };
}

/** `12.3 (11.9–12.8)`: a summary as table text. */
export function formatSummary(summary, digits = 1) {
  if (!Number.isFinite(summary.median)) return 'n/a';
  const f = (v) => fixed(v, digits);
  return summary.runs > 1 ? `${f(summary.median)} (${f(summary.min)}–${f(summary.max)})` : f(summary.median);
}

export function fixed(value, digits = 1) {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `a / b` as a ratio, NaN when b is 0. */
export const ratio = (a, b) => (b ? a / b : NaN);
