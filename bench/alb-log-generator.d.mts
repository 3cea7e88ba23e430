/** Types for alb-log-generator.mjs (plain ESM so the benchmark runs it without a build). */

/** Shape of the generated traffic; every option has a realistic default. */
export interface AlbLogGeneratorOptions {
  /** PRNG seed: the same seed gives the same lines. Default 1. */
  readonly seed?: number;
  /** Time of the first entry (ISO 8601). Default 2024-03-01T00:00:00Z. */
  readonly start?: string;
  /** Mean gap between entries in ms (exponential). Default 50. */
  readonly meanGapMs?: number;
  /** Share of load-balancer 502/503/504 (target `-`, times -1). Default 0.004. */
  readonly elbErrorRate?: number;
  /** Share of target 500s. Default 0.003. */
  readonly targetErrorRate?: number;
  /** Share of malformed lines (truncated in a quoted field, or garbage). Default 0. */
  readonly malformedRate?: number;
}

/** What a generator wrote, to check an analysis against. */
export interface AlbLogGroundTruth {
  /** Well-formed entries. */
  total: number;
  malformed: number;
  elb5xx: number;
  target5xx: number;
  /** Largest total time (ms) among entries with measured times. */
  maxTotalMs: number;
  byDay: Record<string, { total: number; elb5xx: number; target5xx: number }>;
}

/** An endless, deterministic source of log lines. */
export interface AlbLogGenerator {
  /** The next line, without newline. */
  next(): string;
  readonly truth: AlbLogGroundTruth;
}

export interface WriteAlbLogFileOptions extends AlbLogGeneratorOptions {
  readonly lines: number;
  /** Continue an existing generator instead of creating one from the options. */
  readonly generator?: AlbLogGenerator;
  readonly gzipLevel?: number;
}

export interface WriteAlbLogCorpusOptions extends AlbLogGeneratorOptions {
  readonly files: number;
  readonly linesPerFile: number;
  readonly gzipLevel?: number;
}

export declare function createAlbLogGenerator(options?: AlbLogGeneratorOptions): AlbLogGenerator;
export declare function writeAlbLogFile(path: string, options: WriteAlbLogFileOptions): Promise<AlbLogGenerator>;
export declare function writeAlbLogCorpus(
  dir: string,
  options: WriteAlbLogCorpusOptions,
): Promise<{ files: string[]; truth: AlbLogGroundTruth }>;
