import { SeededRandom } from './seeded-random';

/** Fault rates (0..1) and the slow-response delay range the simulator injects. */
export interface SimFaults {
  /** Share of requests answered at once with 500, 502, 503 or 504, without processing. */
  readonly failRate: number;
  /** Share of successful writes that commit and then answer 500 (the legacy double-create trap). */
  readonly commitThenFailRate: number;
  /** Share of requests delayed by a uniform draw from [slowMinMs, slowMaxMs]. */
  readonly slowRate: number;
  readonly slowMinMs: number;
  readonly slowMaxMs: number;
  /** Share of requests whose connection is destroyed, half before and half after processing. */
  readonly resetRate: number;
}

export const NO_FAULTS: SimFaults = {
  failRate: 0,
  commitThenFailRate: 0,
  slowRate: 0,
  slowMinMs: 20,
  slowMaxMs: 20_000,
  resetRate: 0,
};

/** What to do to one request, decided up front. */
export interface FaultPlan {
  readonly reset: 'none' | 'before' | 'after';
  readonly failStatus: 500 | 502 | 503 | 504 | null;
  readonly delayMs: number;
  /** Only applied if the request turns out to be a successful write. */
  readonly commitThenFail: boolean;
}

const FAIL_STATUSES = [500, 502, 503, 504] as const;

/**
 * Draws a fault plan per request. Always makes the same number of draws per request, so the
 * sequence of plans depends only on the seed and the number of requests, not on their kinds.
 */
export class FaultInjector {
  private faults: SimFaults;
  private readonly random: SeededRandom;

  constructor(seed: number, faults: Partial<SimFaults> = {}) {
    this.random = new SeededRandom(seed);
    this.faults = validFaults({ ...NO_FAULTS, ...faults });
  }

  get current(): SimFaults {
    return this.faults;
  }

  /** Changes rates at run time (e.g. "legacy goes down" in a test); unspecified ones stay. */
  set(faults: Partial<SimFaults>): void {
    this.faults = validFaults({ ...this.faults, ...faults });
  }

  plan(): FaultPlan {
    const f = this.faults;
    const [reset, resetPhase, fail, status, slow, delay, commit] = Array.from({ length: 7 }, () => this.random.next()) as [
      number, number, number, number, number, number, number,
    ];
    return {
      reset: reset < f.resetRate ? (resetPhase < 0.5 ? 'before' : 'after') : 'none',
      failStatus: fail < f.failRate ? FAIL_STATUSES[Math.floor(status * FAIL_STATUSES.length)]! : null,
      delayMs: slow < f.slowRate ? Math.round(f.slowMinMs + delay * (f.slowMaxMs - f.slowMinMs)) : 0,
      commitThenFail: commit < f.commitThenFailRate,
    };
  }
}

function validFaults(f: SimFaults): SimFaults {
  for (const key of ['failRate', 'commitThenFailRate', 'slowRate', 'resetRate'] as const) {
    if (!(f[key] >= 0 && f[key] <= 1)) throw new RangeError(`${key} must be between 0 and 1`);
  }
  if (!(f.slowMinMs >= 0 && f.slowMaxMs >= f.slowMinMs)) throw new RangeError('slow range must satisfy 0 <= min <= max');
  return f;
}
