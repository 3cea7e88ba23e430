import { LegacyRequest, LegacyResponse } from '../legacy/legacy-exchange';
import { HttpResponse } from '../http/http-response';
import { JsonLog } from '../observability/json-log';
import { noMetrics, OperationalMetrics } from '../observability/operational-metrics';
import { jsonDifferences } from './json-differences';

/** Shadow-mode counters since start: evidence of parity before a route is cut over. */
export interface ShadowStats {
  /** Legacy answered and the answers were compared. */
  compared: number;
  matched: number;
  differed: number;
  /** Legacy could not answer (unavailable, timeout); nothing compared. */
  failed: number;
  /** Not sent because `maxInFlight` shadow reads were already running. */
  skipped: number;
}

export interface ShadowReadsOptions {
  /** Fields left out of the comparison at any depth; default `url` (its host differs by design). */
  readonly ignoreFields?: readonly string[];
  /** Shadow reads running at once; more are skipped, so shadowing never crowds out real traffic. */
  readonly maxInFlight?: number;
}

/**
 * Shadow mode for migrated routes (HOSP_SHADOW): after the core has answered a read, the same
 * read is sent to legacy in the background and the two answers are compared. Differences
 * are logged (paths only, no values, no secrets) and counted. The caller's response is
 * already built and is never touched or delayed; any failure here is only counted.
 */
export class ShadowReads {
  private readonly counters: ShadowStats = { compared: 0, matched: 0, differed: 0, failed: 0, skipped: 0 };
  private readonly running = new Set<Promise<void>>();
  private readonly ignore: ReadonlySet<string>;
  private readonly maxInFlight: number;

  constructor(
    private readonly send: (request: LegacyRequest) => Promise<LegacyResponse>,
    private readonly log: JsonLog,
    options: ShadowReadsOptions = {},
    private readonly metrics: OperationalMetrics = noMetrics,
  ) {
    this.ignore = new Set(options.ignoreFields ?? ['url']);
    this.maxInFlight = options.maxInFlight ?? 8;
  }

  /** Starts a comparison of the core's `response` to `GET pathAndQuery` with legacy's; returns at once. */
  observe(pathAndQuery: string, response: HttpResponse, requestId: string): void {
    if (this.running.size >= this.maxInFlight) {
      this.counters.skipped++;
      return;
    }
    const core = { status: response.statusCode, body: response.body };
    const task = this.compare(pathAndQuery, core, requestId).catch(() => {
      this.counters.failed++;
    });
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  stats(): ShadowStats {
    return { ...this.counters };
  }

  /** Resolves once every shadow read started so far has finished (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async compare(pathAndQuery: string, core: { status: number; body: string }, requestId: string): Promise<void> {
    const legacy = await this.send({ method: 'GET', path: pathAndQuery, headers: { accept: 'application/json' } });
    this.counters.compared++;
    this.metrics.count('ShadowComparisons');
    const differences: string[] = [];
    if (legacy.status !== core.status) differences.push('status');
    else differences.push(...this.bodyDifferences(core.body, legacy.body));
    if (differences.length === 0) {
      this.counters.matched++;
      return;
    }
    this.counters.differed++;
    this.metrics.count('ShadowDifferences');
    this.log({
      level: 'warn',
      msg: 'shadow difference',
      requestId,
      path: pathAndQuery.split('?')[0]!.slice(0, 256),
      coreStatus: core.status,
      legacyStatus: legacy.status,
      differences,
    });
  }

  private bodyDifferences(coreBody: string, legacyBody: Buffer): string[] {
    const legacyText = legacyBody.toString('utf8');
    try {
      return jsonDifferences(JSON.parse(coreBody || 'null'), JSON.parse(legacyText || 'null'), this.ignore);
    } catch {
      return coreBody === legacyText ? [] : ['body'];
    }
  }
}
