import * as http from 'node:http';
import * as https from 'node:https';
import {
  BrokenCircuitError,
  BulkheadPolicy,
  BulkheadRejectedError,
  bulkhead,
  circuitBreaker,
  CircuitBreakerPolicy,
  CircuitState,
  CountBreaker,
  ExponentialBackoff,
  fullJitterGenerator,
  handleWhen,
  IBackoff,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
} from 'cockatiel';
import { DomainError, upstreamUnavailable } from '../../domain/errors';
import { AmbiguousWriteError } from './ambiguous-write-error';
import { DEFAULT_IDEMPOTENCY, IdempotencyStore, IdempotencyStoreOptions } from './idempotency-store';
import { isIdempotent, LegacyCredentials, LegacyRequest, LegacyResponse } from './legacy-exchange';
import { DEFAULT_RETRY_BUDGET, RetryBudget, RetryBudgetOptions } from './retry-budget';

/**
 * When the circuit opens and how it probes for recovery. The breaker exists to detect an
 * outage (legacy down: nearly every attempt fails), not legacy's normal, high error rate
 * (a fifth of attempts, twice that for writes) that retries absorb: a threshold near 50 %
 * tripped on ordinary fluctuations of that rate and then failed every call for seconds.
 */
export interface LegacyBreakerOptions {
  /** Opens when more than this share of the last `windowSize` attempts failed… */
  readonly failureRatio: number;
  readonly windowSize: number;
  /** …and at least this many attempts are in the window. */
  readonly minimumCalls: number;
  /** How long it stays open before letting one probe through (half-open). */
  readonly halfOpenAfterMs: number;
}

export interface LegacyClientOptions {
  /** HOSP_LEGACY_URL; a path prefix is kept. */
  readonly baseUrl: string;
  /** The service account's Basic credentials (HOSP_LEGACY_AUTH). */
  readonly credentials: LegacyCredentials;
  /** One attempt is abandoned after this long. */
  readonly attemptTimeoutMs: number;
  /** A whole call, retries and backoff included, never takes longer; below API Gateway's 29 s. */
  readonly deadlineMs: number;
  /** Retries after the first try (at most 5). */
  readonly maxRetries: number;
  /** Full-jitter exponential backoff: a retry waits random(0, min(max, initial × 2^n)). */
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  /** Bulkhead: attempts in flight at once; more wait in a queue of `maxQueued`, then are rejected. */
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  readonly retryBudget: RetryBudgetOptions;
  readonly breaker: LegacyBreakerOptions;
  readonly idempotency: IdempotencyStoreOptions;
  /**
   * After a write whose outcome is unknown, a reconciliation that could not read legacy is
   * tried again after this long (ms), once, if the deadline allows.
   */
  readonly reconcileRetryDelayMs: number;
  /**
   * After a write that was sent but never answered (reset, timeout) and is not found, look
   * again after each of these delays (ms from the failure, within the deadline): legacy may
   * still have been committing it. Never resent: not found stays UPSTREAM_OUTCOME_UNKNOWN.
   */
  readonly reconcileRecheckDelaysMs: readonly number[];
  /** Larger answers are treated as a failure rather than buffered. */
  readonly maxResponseBytes: number;
}

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
  idempotency: DEFAULT_IDEMPOTENCY,
  reconcileRetryDelayMs: 100,
  reconcileRecheckDelaysMs: [300, 1_000],
  maxResponseBytes: 50 * 1024 * 1024,
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
  attemptTimeouts: number;
  /** Ambiguous writes resolved by finding the record. */
  reconciled: number;
  outcomeUnknown: number;
  deadlineExceeded: number;
}

/** A 5xx answer, thrown inside the policies so the breaker and the retry loop see a failure. */
class UpstreamStatusError extends Error {
  constructor(readonly status: number) {
    super(`legacy answered ${status}`);
  }
}

/** An attempt abandoned because the caller went away (e.g. a cache fetch whose key a write dropped): says nothing about legacy. */
class CallerCancelledError extends Error {
  constructor() {
    super('the caller cancelled the request');
  }
}

/** Time a reconciliation read needs at least; a re-read that would end closer to the deadline is not started. */
const RECONCILE_MARGIN_MS = 100;

// Failures before anything reached legacy: always safe to try again.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'trailers',
  'transfer-encoding', 'upgrade', 'host', 'content-length', 'authorization', 'expect',
]);

interface Failure {
  /** The request may have reached legacy. */
  readonly sent: boolean;
  /** Legacy answered, so it is no longer working on the request. */
  readonly settled: boolean;
}

/** What a call needs to remember across attempts. */
interface CallState {
  readonly since: Date;
  readonly deadlineAt: number;
  /** An attempt is on the wire right now (for deciding what a deadline means for a write). */
  inFlight: boolean;
}

/**
 * The resilient way to talk to legacy HOSP. Per call: an overall deadline; per attempt: a
 * bulkhead, a circuit breaker and a timeout (cockatiel policies), over a keep-alive agent.
 * Retries only what is safe to repeat, with full-jitter backoff, within a shared retry
 * budget. Non-idempotent requests are never blindly repeated: an ambiguous failure is
 * reconciled by the caller's `reconcile` or becomes UPSTREAM_OUTCOME_UNKNOWN. Every failure
 * leaves as a DomainError (UPSTREAM_UNAVAILABLE with retryAfterSeconds, or
 * UPSTREAM_OUTCOME_UNKNOWN); legacy's own error bodies are never passed on.
 */
export class LegacyHttpClient {
  private readonly options: LegacyClientOptions;
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly authorization: string;
  private readonly bulkhead: BulkheadPolicy;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly backoff: ExponentialBackoff<number>;
  private readonly budget: RetryBudget;
  private readonly idempotency: IdempotencyStore;
  private readonly counters: LegacyClientStats = {
    calls: 0, attempts: 0, retries: 0, retriesDenied: 0, shortCircuited: 0, bulkheadRejected: 0,
    attemptTimeouts: 0, reconciled: 0, outcomeUnknown: 0, deadlineExceeded: 0,
  };
  private openedAt = 0;

  constructor(options: Partial<LegacyClientOptions> & Pick<LegacyClientOptions, 'baseUrl' | 'credentials'>) {
    this.options = { ...DEFAULT_LEGACY_CLIENT, ...options };
    if (this.options.maxRetries > 5) throw new RangeError('maxRetries must be at most 5');
    if (this.options.deadlineMs >= 29_000) throw new RangeError('deadlineMs must stay below API Gateway\'s 29 s');
    this.base = new URL(this.options.baseUrl);
    const Agent = this.base.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: this.options.maxConcurrent, scheduling: 'lifo' });
    this.authorization = basic(this.options.credentials);
    this.bulkhead = bulkhead(this.options.maxConcurrent, this.options.maxQueued);
    const b = this.options.breaker;
    this.breaker = circuitBreaker(handleWhen(isUpstreamFailure), {
      halfOpenAfter: b.halfOpenAfterMs,
      breaker: new CountBreaker({ threshold: b.failureRatio, size: b.windowSize, minimumNumberOfCalls: b.minimumCalls }),
    });
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    this.backoff = new ExponentialBackoff({
      generator: fullJitterGenerator,
      initialDelay: this.options.backoffInitialMs,
      maxDelay: this.options.backoffMaxMs,
    });
    this.budget = new RetryBudget(this.options.retryBudget);
    this.idempotency = new IdempotencyStore(this.options.idempotency);
  }

  /** The service account's user name: caches key on it so principals never share entries. */
  get principal(): string {
    return this.options.credentials.username;
  }

  /** Closed, open, half-open or isolated. */
  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  stats(): LegacyClientStats & { budget: ReturnType<RetryBudget['snapshot']> } {
    return { ...this.counters, budget: this.budget.snapshot() };
  }

  /**
   * Sends one request with every protection. Resolves with any status below 500; throws a
   * DomainError when legacy cannot give a usable answer in time.
   */
  async send(request: LegacyRequest): Promise<LegacyResponse> {
    if (!request.path.startsWith('/') || request.path.startsWith('//')) throw new Error('path must start with one /');
    if (request.idempotency && !isIdempotent(request)) return this.idempotency.run(request, () => this.call(request));
    return this.call(request);
  }

  /** Closes pooled connections. */
  close(): void {
    this.agent.destroy();
  }

  private async call(request: LegacyRequest): Promise<LegacyResponse> {
    this.counters.calls++;
    const state: CallState = { since: new Date(), deadlineAt: Date.now() + this.options.deadlineMs, inFlight: false };
    const deadline = timeout(this.options.deadlineMs, TimeoutStrategy.Aggressive);
    try {
      return await deadline.execute(({ signal }) => this.attempts(request, state, signal), request.signal);
    } catch (error) {
      throw this.toDomainError(error, request, state);
    }
  }

  private async attempts(request: LegacyRequest, state: CallState, signal: AbortSignal): Promise<LegacyResponse> {
    const unsafe = !isIdempotent(request);
    let backoff: IBackoff<unknown> | undefined;
    let sent = false;
    for (let attempt = 1; ; attempt++) {
      let failure: Failure;
      try {
        const response = await this.attempt(request, state, signal);
        return { ...response, attempts: attempt };
      } catch (error) {
        const classified = classify(error);
        if (!classified) throw error;
        failure = classified;
      }
      sent ||= failure.sent;
      if (unsafe && failure.sent) {
        const found = await this.reconcile(request, state, failure, signal);
        if (found) return { ...found, attempts: attempt, reconciled: true };
        // Legacy answered and the write is not there: it was not applied, so sending again is safe.
      }
      backoff = backoff ? backoff.next(undefined) : this.backoff.next();
      const denied = attempt > this.options.maxRetries || Date.now() + backoff.duration >= state.deadlineAt
        ? 'exhausted'
        : this.budget.tryAcquireRetry() ? undefined : 'budget';
      if (denied) {
        if (denied === 'budget') this.counters.retriesDenied++;
        // An idempotent write (a rename) that legacy may have applied before failing: if legacy
        // now holds what it asked for, that is its answer (a rename applied twice is one rename).
        const found = !unsafe && sent ? await this.lookUp(request, state, signal) : null;
        if (found) {
          this.counters.reconciled++;
          return { ...found, attempts: attempt, reconciled: true };
        }
        throw upstreamUnavailable(1);
      }
      this.counters.retries++;
      await sleep(backoff.duration, signal);
    }
  }

  /** After an ambiguous write: the caller's reconciliation, or UPSTREAM_OUTCOME_UNKNOWN. */
  private async reconcile(
    request: LegacyRequest,
    state: CallState,
    failure: Failure,
    signal: AbortSignal,
  ): Promise<LegacyResponse | null> {
    if (!request.reconcile) throw new AmbiguousWriteError(state.since, failure.settled);
    let found = await this.lookUp(request, state, signal);
    if (found === undefined) throw new AmbiguousWriteError(state.since, failure.settled);
    // Sent and never answered: legacy may still be committing it. Look again a little later
    // (within the deadline); a write still not there is unknown, never resent.
    const failedAt = Date.now();
    for (const delay of failure.settled ? [] : this.options.reconcileRecheckDelaysMs) {
      if (found) break;
      const wait = failedAt + delay - Date.now();
      if (Date.now() + Math.max(0, wait) + RECONCILE_MARGIN_MS >= state.deadlineAt) break;
      await sleep(Math.max(0, wait), signal);
      found = (await this.lookUp(request, state, signal)) ?? null;
    }
    if (found) {
      this.counters.reconciled++;
      return found;
    }
    if (!failure.settled) throw new AmbiguousWriteError(state.since, false);
    return null;
  }

  /**
   * Runs the caller's reconciliation read; if that read itself fails (legacy's own 5xx on the
   * list, a reset), tries once more after a short pause when the deadline allows. Undefined
   * when it could not tell; null when the write is certainly not there.
   */
  private async lookUp(request: LegacyRequest, state: CallState, signal: AbortSignal): Promise<LegacyResponse | null | undefined> {
    if (!request.reconcile) return undefined;
    for (let tries = 1; ; tries++) {
      try {
        return await request.reconcile(state.since, signal);
      } catch (error) {
        if (signal.aborted || error instanceof BrokenCircuitError) return undefined;
        const delay = this.options.reconcileRetryDelayMs;
        if (tries >= 2 || Date.now() + delay + RECONCILE_MARGIN_MS >= state.deadlineAt) return undefined;
        await sleep(delay, signal);
      }
    }
  }

  /** One attempt: bulkhead → circuit breaker → attempt timeout → HTTP. */
  private attempt(request: LegacyRequest, state: CallState, signal: AbortSignal): Promise<Omit<LegacyResponse, 'attempts'>> {
    const ms = Math.max(1, Math.min(this.options.attemptTimeoutMs, state.deadlineAt - Date.now()));
    const perAttempt = timeout(ms, TimeoutStrategy.Aggressive);
    perAttempt.onTimeout(() => this.counters.attemptTimeouts++);
    return this.bulkhead.execute(
      ({ signal: queued }) =>
        this.breaker.execute(async ({ signal: guarded }) => {
          try {
            return await perAttempt.execute(async ({ signal: timed }) => {
              this.counters.attempts++;
              this.budget.recordRequest();
              state.inFlight = true;
              try {
                return await this.transport(request, timed);
              } finally {
                state.inFlight = false;
              }
            }, guarded);
          } catch (error) {
            // The caller gave up, not legacy: must not count against the circuit.
            if (request.signal?.aborted) throw new CallerCancelledError();
            throw error;
          }
        }, queued),
      signal,
    );
  }

  private transport(request: LegacyRequest, signal: AbortSignal): Promise<Omit<LegacyResponse, 'attempts'>> {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) headers[name.toLowerCase()] = value as string | string[];
    }
    headers.authorization = request.credentials ? basic(request.credentials) : this.authorization;
    if (request.body) headers['content-length'] = request.body.length;
    const prefix = this.base.pathname.replace(/\/+$/, '');
    const transport = this.base.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname,
          port: this.base.port,
          method: request.method.toUpperCase(),
          path: prefix + request.path,
          headers,
          agent: this.agent,
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.options.maxResponseBytes) res.destroy(new Error('legacy response too large'));
            else chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
          res.on('end', () => {
            const status = res.statusCode ?? 502;
            if (status >= 500) return reject(new UpstreamStatusError(status));
            resolve({ status, headers: copyHeaders(res.headers), body: Buffer.concat(chunks) });
          });
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });
  }

  private toDomainError(error: unknown, request: LegacyRequest, state: CallState): unknown {
    if (error instanceof AmbiguousWriteError) {
      this.counters.outcomeUnknown++;
      return error;
    }
    if (error instanceof DomainError) return error;
    if (error instanceof BrokenCircuitError) {
      this.counters.shortCircuited++;
      const reopensIn = this.openedAt + this.options.breaker.halfOpenAfterMs - Date.now();
      return upstreamUnavailable(Math.max(1, Math.ceil(reopensIn / 1000)));
    }
    if (error instanceof BulkheadRejectedError) {
      this.counters.bulkheadRejected++;
      return upstreamUnavailable(1);
    }
    if (error instanceof TaskCancelledError || error instanceof CallerCancelledError) {
      if (!request.signal?.aborted) this.counters.deadlineExceeded++;
      if (!isIdempotent(request) && state.inFlight) {
        this.counters.outcomeUnknown++;
        return new AmbiguousWriteError(state.since, false);
      }
      return upstreamUnavailable(1);
    }
    return error;
  }
}

/** Whether an attempt's error counts against legacy's health (and may be retried). */
function isUpstreamFailure(error: Error): boolean {
  return error instanceof UpstreamStatusError || error instanceof TaskCancelledError || isNetworkCode(errorCode(error));
}

/**
 * Socket and parser errors (ECONNRESET, ETIMEDOUT, HPE_…, ABORT_ERR) say something about
 * legacy or the network; node's own `ERR_…` codes (an invalid header character, an unescaped
 * path) say the request could not even be built. Those must never be retried or count
 * against the breaker: one malformed request would otherwise open the circuit for everyone.
 */
const isNetworkCode = (code: string | undefined): boolean => code !== undefined && !code.startsWith('ERR_');

/** How an attempt failed, or undefined for errors that must not be retried (open circuit, full bulkhead, bugs). */
function classify(error: unknown): Failure | undefined {
  if (error instanceof UpstreamStatusError) return { sent: true, settled: true };
  if (error instanceof TaskCancelledError) return { sent: true, settled: false };
  const code = errorCode(error);
  if (code === undefined || !isNetworkCode(code) || error instanceof BrokenCircuitError || error instanceof BulkheadRejectedError) return undefined;
  return NOT_SENT_CODES.has(code) ? { sent: false, settled: true } : { sent: true, settled: false };
}

const errorCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

const basic = (c: LegacyCredentials): string =>
  `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;

function copyHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const copy: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) copy[name] = value;
  return copy;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TaskCancelledError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new TaskCancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
