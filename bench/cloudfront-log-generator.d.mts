/** Types for cloudfront-log-generator.mjs (plain ESM so the benchmark runs it without a build). */

/** Shape of the generated traffic; every option has a realistic default. */
export interface CloudFrontLogGeneratorOptions {
  /** PRNG seed: the same seed gives the same lines. Default 1. */
  readonly seed?: number;
  /** Time of the first entry (ISO 8601). Default 2024-03-01T00:00:00Z. */
  readonly start?: string;
  /** Mean gap between entries in ms (exponential). Default 35. */
  readonly meanGapMs?: number;
  /** Share of edge 502/504 (origin connect and read errors). Default 0.002. */
  readonly edgeErrorRate?: number;
  /** Share of origin 5xx passed on. Default 0.003. */
  readonly originErrorRate?: number;
  /** Share of malformed lines (cut short, or garbage). Default 0. */
  readonly malformedRate?: number;
}

/** What a generator wrote, to check an analysis against. */
export interface CloudFrontLogGroundTruth {
  total: number;
  malformed: number;
  edge5xx: number;
  origin5xx: number;
  maxTimeTakenMs: number;
  byDay: Record<string, { total: number; edge5xx: number; origin5xx: number }>;
}

/** An endless, deterministic source of log lines. */
export interface CloudFrontLogGenerator {
  next(): string;
  readonly truth: CloudFrontLogGroundTruth;
}

export interface WriteCloudFrontLogCorpusOptions extends CloudFrontLogGeneratorOptions {
  readonly files: number;
  readonly linesPerFile: number;
  readonly gzipLevel?: number;
}

/** The #Version and #Fields lines every file starts with. */
export declare const CLOUDFRONT_HEADER: readonly string[];
export declare function createCloudFrontLogGenerator(options?: CloudFrontLogGeneratorOptions): CloudFrontLogGenerator;
export declare function writeCloudFrontLogCorpus(
  dir: string,
  options: WriteCloudFrontLogCorpusOptions,
): Promise<{ files: string[]; truth: CloudFrontLogGroundTruth }>;
