import { FORMAT_TITLES, type AccessLogFormat } from './access-log-format';
import type { AccessLogReport } from './access-log-report';

/*
 * Several sources of the same period side by side: what clients received (the outermost
 * source: CloudFront, else the HTTP API) beside what each inner component saw, down to
 * legacy's load balancer, whose per-attempt figures include every retry hosp made. The
 * amplification is the innermost source's requests per request of the outermost one.
 */

/** One source's requests and success rate in a slice. */
export interface SourceFigures {
  readonly requests: number;
  readonly successRate: number | null;
}

/** One hour, every source. */
export interface ComparedHour {
  readonly hour: string;
  readonly sources: Readonly<Partial<Record<AccessLogFormat, SourceFigures>>>;
  /** Inner requests per outer request this hour; null unless both had traffic. */
  readonly amplification: number | null;
}

/** The before/after table, as `--json` prints it. */
export interface SourceComparison {
  /** Sources compared, outermost (what clients received) first. */
  readonly formats: readonly AccessLogFormat[];
  /** The outermost source (clients) and the innermost one (amplification's numerator). */
  readonly outer: AccessLogFormat;
  readonly inner: AccessLogFormat;
  /** Hours in which both the outer and the inner source have traffic: the figures below cover only these. */
  readonly hoursCompared: number;
  /** Per source over the compared hours. */
  readonly overall: Readonly<Partial<Record<AccessLogFormat, SourceFigures>>>;
  /** Inner requests per outer request over the compared hours; null when no hour has both. */
  readonly amplification: number | null;
  readonly byHour: readonly ComparedHour[];
}

/** Compares sources given outermost first (as analyzeAccessLogSources orders them). */
export function compareSources(sources: readonly AccessLogReport[]): SourceComparison {
  const outer = sources[0]!;
  const inner = sources[sources.length - 1]!;
  const hours = [...new Set(sources.flatMap((s) => s.byHour.map((h) => h.hour)))].sort();
  const perSource = sources.map((s) => new Map(s.byHour.map((h) => [h.hour, h])));
  const byHour = hours.map((hour): ComparedHour => {
    const figures: Partial<Record<AccessLogFormat, SourceFigures>> = {};
    sources.forEach((s, i) => {
      const slice = perSource[i]!.get(hour);
      if (slice !== undefined) figures[s.format] = { requests: slice.total, successRate: slice.successRate };
    });
    const o = figures[outer.format]?.requests ?? 0;
    const n = figures[inner.format]?.requests ?? 0;
    return { hour, sources: figures, amplification: o > 0 && n > 0 ? n / o : null };
  });
  const compared = byHour.filter((h) => h.amplification !== null);
  const overall: Partial<Record<AccessLogFormat, SourceFigures>> = {};
  for (const source of sources) {
    let requests = 0;
    let failed = 0;
    for (const hour of compared) {
      const slice = perSource[sources.indexOf(source)]!.get(hour.hour);
      if (slice === undefined) continue;
      requests += slice.total;
      failed += Object.values(slice.errors5xx).reduce((a, b) => a + b, 0);
    }
    overall[source.format] = { requests, successRate: requests === 0 ? null : ((requests - failed) / requests) * 100 };
  }
  const outerRequests = overall[outer.format]!.requests;
  return {
    formats: sources.map((s) => s.format),
    outer: outer.format,
    inner: inner.format,
    hoursCompared: compared.length,
    overall,
    amplification: outerRequests > 0 ? overall[inner.format]!.requests / outerRequests : null,
    byHour,
  };
}

/** `CloudFront standard logs` etc., for headings. */
export function titleOf(format: AccessLogFormat): string {
  return FORMAT_TITLES[format];
}
