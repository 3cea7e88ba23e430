import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ExponentialBackoff,
  fullJitterGenerator,
  IBackoff,
  TaskCancelledError,
  timeout,
  TimeoutPolicy,
  TimeoutStrategy,
} from 'cockatiel';
import { DomainError, upstreamAnswerTooLarge, upstreamUnavailable } from '../../domain/errors';
import { AmbiguousWriteError } from './ambiguous-write-error';
import { CallerCancelledError } from './caller-cancelled-error';
import { HedgeLostError } from './hedge-lost-error';
import { LegacyAnswerTooLargeError } from './legacy-answer-too-large-error';
import { describeAttemptFailure, LegacyUnavailable } from './legacy-unavailable';
import { IdempotentRunner } from '../idempotency/idempotent-runner';
import { MemoryPersistenceLayer } from '../idempotency/memory-persistence-layer';
import { PowertoolsIdempotency } from '../idempotency/powertools-idempotency';
import { stdoutJsonLog } from '../observability/json-log';
import { MetricName, noMetrics, OperationalMetrics } from '../observability/operational-metrics';
import { LegacyWriteIdempotency } from './legacy-write-idempotency';
import { LegacyAttemptPolicy, LegacyAttemptPolicyOptions } from './legacy-attempt-policy';
import { LegacyClock, systemLegacyClock } from './legacy-clock';
import { isIdempotent, LegacyRequest, LegacyResponse } from './legacy-exchange';
import { classifyFailure, isFailureStatus, LegacyFailure } from './legacy-failure';
import { LegacyAnswer, LegacyTransport, LegacyTransportOptions } from './legacy-transport';
import { RecentLatencies } from './recent-latencies';
import { DEFAULT_RETRY_BUDGET, RetryBudget, RetryBudgetOptions } from './retry-budget';
import { UpstreamStatusError } from './upstream-status-error';
import { ReconcileWindow, WriteReconciler, WriteReconcilerOptions } from './write-reconciler';

export interface LegacyClientOptions
  extends Omit<LegacyTransportOptions, 'maxSockets'>, LegacyAttemptPolicyOptions, WriteReconcilerOptions {
  /** A whole call, retries and backoff included, never takes longer; below API Gateway's 29 s. */
  readonly deadlineMs: number;
  /** Retries after the first try (at most 5). */
  readonly maxRetries: number;
  /** Full-jitter exponential backoff: a retry waits random(0, min(max, initial × 2^n)). */
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  readonly retryBudget: RetryBudgetOptions;
  /**
   * After a write was sent and never answered (reset, timeout), a retry with its Idempotency-Key
   * sends again only once this long (ms) has passed and reconciliation finds nothing: legacy
   * may still have been committing it.
   */
  readonly settleMs: number;
  /**
   * Where Idempotency-Keys of writes are kept: the fleet's shared store (DynamoDB) in the
   * composition root; this process's memory when absent.
   */
  readonly idempotency?: IdempotentRunner;
  /** Time for deadlines, backoff, rechecks, the retry budget and the settle time; the system's by default. */
  readonly clock?: LegacyClock;
  /**
   * Hedged reads: a GET still unanswered after this quantile of recent reads' times gets a
   * second attempt, if the retry budget allows; the first answer wins and the other is
   * dropped. Null: no hedging.
   */
  readonly hedgeReads: HedgeReadsOptions | null;
  /** Where retries, refusals, breaker transitions and unknown outcomes are counted for operators. */
  readonly metrics?: OperationalMetrics;
}

export interface HedgeReadsOptions {
  /** Hedge after this quantile of the recent successful reads (0.95: the slowest 5 % get a second attempt). */
  readonly quantile: number;
  /** Never sooner than this (ms), however fast legacy has been. */
  readonly minDelayMs: number;
}

/** Production settings; HOSP_LEGACY_* variables override some (src/infra/config/legacy-config.ts). */
export const DEFAULT_LEGACY_CLIENT: Omit<LegacyClientOptions, 'baseUrl' | 'credentials'> = {
  attemptTimeoutMs: 10_000,
  deadlineMs: 25_000,
  maxRetries: 5,
  backoffInitialMs: 100,
  backoffMaxMs: 2_000,
  maxConcurrent: 32,
  maxQueued: 512,
  retryBudget: DEFAULT_RETRY_BUDGET,
  breaker: { failureRatio: 0.9, windowSize: 100, minimumCalls: 20, halfOpenAfterMs: 10_000 },
  settleMs: 30_000,
  reconcileRetryDelayMs: 100,
  reconcileRecheckDelaysMs: [300, 1_000],
  maxResponseBytes: 50 * 1024 * 1024,
  // 'close', though 'reuse-if-clean' measured 1.34x the throughput on a write-heavy mix
  // (BENCHMARKS.md, "Legacy connection reuse"): legacy parses the bytes of an unread body as
  // the next request the moment it has answered, so closing the socket afterwards is too late
  // (an image that is also an HTTP request was run by legacy). `Connection: close` makes legacy
  // stop after its answer. Writes are a tenth of the traffic; reads keep their connections.
  bodyConnections: 'close',
  hedgeReads: { quantile: 0.95, minDelayMs: 50 },
};

/** Counters since the client was made, for metrics and tests. */
export interface LegacyClientStats {
  calls: number;
  attempts: number;
  retries: number;
  /** Retries not made because the retry budget was spent. */
  retriesDenied: number;
  /** Calls failed fast because the circuit was open. */
  shortCircuited: number;
  /** Attempts refused because the bulkhead's queue was full. */
  bulkheadRejected: number;
  /** Attempts abandoned because their own timeout fired (not the deadline, not the caller). */
  attemptTimeouts: number;
  /** Second attempts of slow reads, and how many of them answered first. */
  hedges: number;
  hedgeWins: number;
  /** Ambiguous writes resolved by finding the record. */
  reconciled: number;
  outcomeUnknown: number;
  deadlineExceeded: number;
}

/** The operational metric each counter feeds; calls and attempts are only kept here. */
const METRIC_OF: Readonly<Partial<Record<keyof LegacyClientStats, MetricName>>> = {
  retries: 'LegacyRetries',
  retriesDenied: 'LegacyRetryBudgetRefusals',
  shortCircuited: 'LegacyBreakerShortCircuits',
  bulkheadRejected: 'LegacyBulkheadRejections',
  attemptTimeouts: 'LegacyAttemptTimeouts',
  hedges: 'LegacyHedges',
  hedgeWins: 'LegacyHedgeWins',
  reconciled: 'LegacyWritesReconciled',
  outcomeUnknown: 'LegacyWritesOutcomeUnknown',
  deadlineExceeded: 'LegacyDeadlineExceeded',
};

/** What a call needs to remember across attempts. */
interface CallState extends ReconcileWindow {
  /** An attempt is on the wire right now (for deciding what a deadline means for a write). */
  inFlight: boolean;
  /** An earlier attempt of this write may have been applied (sent, and not since found absent). */
  mayBeApplied: boolean;
}

/**
 * The resilient way to talk to legacy HOSP. Per call: an overall deadline; per attempt: a
 * bulkhead, a circuit breaker and a timeout (`LegacyAttemptPolicy`), over a keep-alive
 * transport (`LegacyTransport`). Retries only what is safe to repeat (`classifyFailure`), with
 * full-jitter backoff, within a shared retry budget. Non-idempotent requests are never
 * blindly repeated: an ambiguous failure is reconciled (`WriteReconciler`) or becomes
 * UPSTREAM_OUTCOME_UNKNOWN. Every failure leaves as a DomainError (UPSTREAM_UNAVAILABLE with
 * retryAfterSeconds, or UPSTREAM_OUTCOME_UNKNOWN); legacy's failure bodies (500, 502, 503,
 * 504) are never passed on.
 */
export class LegacyHttpClient {
  private readonly options: LegacyClientOptions;
  private readonly clock: LegacyClock;
  private readonly transport: LegacyTransport;
  private readonly policy: LegacyAttemptPolicy;
  private readonly reconciler: WriteReconciler;
  private readonly deadline: TimeoutPolicy;
  private readonly backoff: ExponentialBackoff<number>;
  private readonly budget: RetryBudget;
  private readonly idempotency: LegacyWriteIdempotency;
  private readonly metrics: OperationalMetrics;
  private readonly counters: LegacyClientStats = {
    calls: 0, attempts: 0, retries: 0, retriesDenied: 0, shortCircuited: 0, bulkheadRejected: 0,
    attemptTimeouts: 0, hedges: 0, hedgeWins: 0, reconciled: 0, outcomeUnknown: 0, deadlineExceeded: 0,
  };
  /** Successful read attempts' times, for the hedge delay. */
  private readonly readLatencies = new RecentLatencies();

  constructor(options: Partial<LegacyClientOptions> & Pick<LegacyClientOptions, 'baseUrl' | 'credentials'>) {
    this.options = { ...DEFAULT_LEGACY_CLIENT, ...options };
    if (this.options.maxRetries > 5) throw new RangeError('maxRetries must be at most 5');
    if (this.options.deadlineMs >= 29_000) throw new RangeError('deadlineMs must stay below API Gateway\'s 29 s');
    this.clock = this.options.clock ?? systemLegacyClock;
    this.transport = new LegacyTransport({ ...this.options, maxSockets: this.options.maxConcurrent });
    this.metrics = this.options.metrics ?? noMetrics;
    this.policy = new LegacyAttemptPolicy(this.options, this.clock, this.metrics);
    this.reconciler = new WriteReconciler(this.options, this.clock);
    this.deadline = timeout(this.options.deadlineMs, TimeoutStrategy.Aggressive);
    this.backoff = new ExponentialBackoff({
      generator: fullJitterGenerator,
      initialDelay: this.options.backoffInitialMs,
      maxDelay: this.options.backoffMaxMs,
    });
    this.budget = new RetryBudget(this.options.retryBudget, this.clock);
    const runner = this.options.idempotency ?? new PowertoolsIdempotency(new MemoryPersistenceLayer(), stdoutJsonLog);
    this.idempotency = new LegacyWriteIdempotency(runner, this.options.settleMs, this.clock);
  }

  /** The service account's user name: caches key on it so principals never share entries. */
  get principal(): string {
    return this.options.credentials.username;
  }

  /** Requests this client sends to legacy at once (the bulkhead's slots, and the pool's sockets). */
  get maxConcurrent(): number {
    return this.options.maxConcurrent;
  }

  /** Closed, open, half-open or isolated. */
  get circuitState(): CircuitState {
    return this.policy.circuitState;
  }

  /** Counters since the client was made, with the retry budget's current window. */
  stats(): LegacyClientStats & { budget: ReturnType<RetryBudget['snapshot']> } {
    return { ...this.counters, budget: this.budget.snapshot() };
  }

  /**
   * Sends one request with every protection. Resolves with legacy's answer for any status
   * but 500, 502, 503 and 504 (those are retried or turned into errors); throws a
   * DomainError when legacy cannot give a usable answer in time.
   */
  async send(request: LegacyRequest): Promise<LegacyResponse> {
    if (!request.path.startsWith('/') || request.path.startsWith('//')) throw new Error('path must start with one /');
    if (request.idempotency && !isIdempotent(request)) return this.idempotency.run(request, () => this.call(request));
    return this.call(request);
  }

  private count(counter: keyof LegacyClientStats): void {
    this.counters[counter]++;
    const metric = METRIC_OF[counter];
    if (metric) this.metrics.count(metric);
  }

  /** Closes pooled connections. */
  close(): void {
    this.transport.close();
  }

  private async call(request: LegacyRequest): Promise<LegacyResponse> {
    this.count('calls');
    const startedAt = this.clock.now();
    const state: CallState = { since: new Date(startedAt), deadlineAt: startedAt + this.options.deadlineMs, inFlight: false, mayBeApplied: false };
    try {
      return await this.deadline.execute(({ signal }) => this.attempts(request, state, signal), request.signal);
    } catch (error) {
      throw this.toDomainError(error, request, state);
    }
  }

  private async attempts(request: LegacyRequest, state: CallState, signal: AbortSignal): Promise<LegacyResponse> {
    const unsafe = !isIdempotent(request);
    let backoff: IBackoff<unknown> | undefined;
    let sent = false;
    let lastError: unknown;
    for (let attempt = 1; ; attempt++) {
      let failure: LegacyFailure;
      try {
        const answer = isHedgeable(request) ? await this.hedged(request, state, signal) : await this.attempt(request, state, signal);
        return { ...answer, attempts: attempt };
      } catch (error) {
        const classified = classifyFailure(error);
        if (!classified) throw error;
        failure = classified;
        lastError = error;
      }
      sent ||= failure.sent;
      if (unsafe && failure.sent) {
        state.mayBeApplied = true;
        const found = await this.reconciler.reconcile(request, state, failure, signal);
        if (found) return this.reconciled(found, attempt);
        // Legacy answered and the write is not there: it was not applied, so sending again is safe.
        state.mayBeApplied = false;
      }
      backoff = backoff ? backoff.next(undefined) : this.backoff.next();
      const denied = attempt > this.options.maxRetries || this.clock.now() + backoff.duration >= state.deadlineAt
        ? 'exhausted'
        : this.budget.tryAcquireRetry() ? undefined : 'budget';
      if (denied) {
        if (denied === 'budget') this.count('retriesDenied');
        // An idempotent write (a rename) that legacy may have applied before failing: if legacy
        // now holds what it asked for, that is its answer (a rename applied twice is one rename).
        const found = !unsafe && sent ? await this.reconciler.lookUp(request, state, signal) : null;
        if (found) return this.reconciled(found, attempt);
        const tries = attempt === 1 ? '1 attempt' : `${attempt} attempts`;
        throw new LegacyUnavailable(`${describeAttemptFailure(lastError, this.options.baseUrl)} (${tries})`, 1);
      }
      this.count('retries');
      await this.clock.sleep(backoff.duration, signal);
    }
  }

  /**
   * A read, hedged: when the first attempt is still unanswered after the recent reads'
   * `hedgeReads.quantile`, and the retry budget has room (a hedge is spent like a retry), a
   * second attempt starts beside it. The first answer wins and the other is dropped
   * (HedgeLostError, not legacy's failure); if both fail, the first one's failure goes on to
   * the retry loop. Legacy's tail is per request (a slow answer says little about the next),
   * so a second attempt usually answers in ordinary time.
   */
  private async hedged(request: LegacyRequest, state: CallState, callSignal: AbortSignal): Promise<LegacyAnswer> {
    const first = this.timedAttempt(request, state, callSignal);
    const quantile = this.options.hedgeReads && this.readLatencies.quantile(this.options.hedgeReads.quantile);
    if (!this.options.hedgeReads || quantile === undefined) return first.answer;
    const delayMs = Math.max(this.options.hedgeReads.minDelayMs, quantile!);
    const timer = new AbortController();
    const answeredFirst = await Promise.race([
      first.answer.then(() => true, () => true),
      this.clock.sleep(delayMs, AbortSignal.any([callSignal, timer.signal])).then(() => false, () => true),
    ]);
    timer.abort();
    // Hedges use only spare capacity: with half the connections busy, a caller's slow reads (a
    // member's share is counted per call, not per attempt) could otherwise take the rest.
    const spare = this.policy.freeSlots > this.options.maxConcurrent / 2;
    // Hedges take only the first half of the retry budget: retries after failures keep the rest.
    if (answeredFirst || !spare || this.clock.now() + delayMs >= state.deadlineAt || !this.budget.tryAcquireRetry(HEDGE_BUDGET_SHARE)) return first.answer;
    this.count('hedges');
    const second = this.timedAttempt(request, state, callSignal);
    try {
      return await Promise.any([
        first.answer.then((answer) => (second.drop(), answer)),
        second.answer.then((answer) => (first.drop(), this.count('hedgeWins'), answer)),
      ]);
    } catch (error) {
      throw error instanceof AggregateError ? error.errors[0] : error;
    }
  }

  /** One attempt that records how long a success took, and can be dropped when another answers first. */
  private timedAttempt(request: LegacyRequest, state: CallState, callSignal: AbortSignal) {
    const lost = new AbortController();
    const startedAt = this.clock.now();
    const answer = this.attempt(request, state, AbortSignal.any([callSignal, lost.signal]), lost.signal).then((a) => {
      // Only reads that found something set the pace: a 404 is cheap, and a caller could
      // otherwise pull the hedge delay down with reads of ids that do not exist.
      if (a.status >= 200 && a.status < 300) this.readLatencies.record(this.clock.now() - startedAt);
      return a;
    });
    answer.catch(() => undefined); // a dropped attempt's rejection is expected
    return { answer, drop: () => lost.abort() };
  }

  /**
   * One attempt through the per-attempt policy. An answer with a failure status is thrown as
   * UpstreamStatusError so the breaker counts it; an attempt stopped by its signal says why:
   * the caller left (CallerCancelledError, not legacy's fault), another attempt of the read
   * answered first (HedgeLostError, neither), or time ran out (TaskCancelledError).
   */
  private attempt(request: LegacyRequest, state: CallState, callSignal: AbortSignal, lost?: AbortSignal): Promise<LegacyAnswer> {
    return this.policy.execute(async (signal) => {
      this.count('attempts');
      this.budget.recordRequest();
      state.inFlight = true;
      let answer: LegacyAnswer;
      try {
        answer = await this.transport.send(request, signal);
      } catch (error) {
        // Cut off by the deadline or the caller: it was on the wire when the call ended. (The
        // call's own rejection may be handled after this, so this must not clear the flag.)
        if (!callSignal.aborted) state.inFlight = false;
        if (request.signal?.aborted) throw new CallerCancelledError();
        if (lost?.aborted) throw new HedgeLostError();
        if (!signal.aborted) throw error;
        if (!callSignal.aborted) this.count('attemptTimeouts');
        throw new TaskCancelledError('the legacy attempt timed out');
      }
      state.inFlight = false;
      if (isFailureStatus(answer.status)) throw new UpstreamStatusError(answer.status);
      return answer;
    }, callSignal);
  }

  private reconciled(found: LegacyResponse, attempts: number): LegacyResponse {
    this.count('reconciled');
    return { ...found, attempts, reconciled: true };
  }

  private toDomainError(error: unknown, request: LegacyRequest, state: CallState): unknown {
    if (error instanceof AmbiguousWriteError) {
      this.count('outcomeUnknown');
      return error;
    }
    if (error instanceof DomainError) return error;
    if (error instanceof LegacyAnswerTooLargeError) {
      // A write legacy answered was received and processed: whether it was applied, the answer would have said.
      return isIdempotent(request) ? upstreamAnswerTooLarge() : new AmbiguousWriteError(state.since, true);
    }
    if (error instanceof BrokenCircuitError) {
      this.count('shortCircuited');
      const retryAfter = this.policy.retryAfterSeconds();
      return new LegacyUnavailable(`the circuit breaker is open after repeated failures; it tries again in ${retryAfter} s`, retryAfter);
    }
    if (error instanceof BulkheadRejectedError) {
      this.count('bulkheadRejected');
      return upstreamUnavailable(1);
    }
    if (error instanceof TaskCancelledError || error instanceof CallerCancelledError) {
      if (!request.signal?.aborted) this.count('deadlineExceeded');
      // A write on the wire when time ran out, or sent earlier and still being reconciled: it
      // may have been applied, so the caller must not be told it certainly was not.
      if (!isIdempotent(request) && (state.inFlight || state.mayBeApplied)) {
        this.count('outcomeUnknown');
        return new AmbiguousWriteError(state.since, false);
      }
      return request.signal?.aborted ? upstreamUnavailable(1) : new LegacyUnavailable(`no answer within the ${this.options.deadlineMs} ms deadline`, 1);
    }
    return error;
  }
}

/** The share of the retry budget hedges may use. */
const HEDGE_BUDGET_SHARE = 0.5;

/**
 * Reads without a body, as the service account: a second attempt beside a slow one changes
 * nothing in legacy. A request with a caller's own credentials (lazy enrolment's login check)
 * is not hedged: it would be a second password check at legacy.
 */
const isHedgeable = (request: LegacyRequest): boolean =>
  (request.method.toUpperCase() === 'GET' || request.method.toUpperCase() === 'HEAD') &&
  (request.body === undefined || request.body.length === 0) &&
  request.credentials === undefined;
