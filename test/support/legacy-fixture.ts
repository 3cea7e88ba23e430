import { LegacyClock } from '../../src/adapters/legacy/legacy-clock';
import { LegacyHospitalApi } from '../../src/adapters/legacy/legacy-hospital-api';
import { LegacyHttpClient, LegacyClientOptions } from '../../src/adapters/legacy/legacy-http-client';
import { LegacyReadCache, LegacyReadCacheOptions, DEFAULT_READ_CACHE } from '../../src/adapters/legacy/legacy-read-cache';
import { createLegacySimulator, LegacySimulator, LegacySimulatorOptions } from '../../src/tools/legacy-sim/legacy-simulator';

export const SIM_CREDENTIALS = { username: 'legacy', password: 'legacy-password' };

/** Client settings scaled down so resilience tests take milliseconds, not seconds. */
export const FAST_CLIENT: Partial<LegacyClientOptions> = {
  attemptTimeoutMs: 300,
  deadlineMs: 2_000,
  backoffInitialMs: 2,
  backoffMaxMs: 20,
  breaker: { failureRatio: 0.9, windowSize: 40, minimumCalls: 20, halfOpenAfterMs: 200 },
  reconcileRetryDelayMs: 10,
  reconcileRecheckDelaysMs: [30, 100],
};

export interface LegacyRig {
  sim: LegacySimulator;
  client: LegacyHttpClient;
  api: LegacyHospitalApi;
  close(): Promise<void>;
}

/** A simulator and a client/API pointed at it over loopback HTTP. */
export async function startLegacyRig(
  sim: LegacySimulatorOptions = {},
  client: Partial<LegacyClientOptions> = {},
  cache: Partial<LegacyReadCacheOptions> = {},
  cacheClock?: Pick<LegacyClock, 'now'>,
): Promise<LegacyRig> {
  const simulator = await createLegacySimulator(sim);
  let legacyClient: LegacyHttpClient;
  try {
    legacyClient = new LegacyHttpClient({ ...FAST_CLIENT, ...client, baseUrl: simulator.url, credentials: SIM_CREDENTIALS });
  } catch (error) {
    await simulator.close();
    throw error;
  }
  const api = new LegacyHospitalApi(legacyClient, new LegacyReadCache({ ...DEFAULT_READ_CACHE, ...cache }, cacheClock));
  return {
    sim: simulator,
    client: legacyClient,
    api,
    close: async () => {
      legacyClient.close();
      await simulator.close();
    },
  };
}

/**
 * A LegacyClock in virtual time: it moves only when a test advances it or something sleeps,
 * and a sleep resolves at once, having moved the clock by its length. Backoff, rechecks and
 * retry-budget windows then take no real time, and every wait is recorded.
 */
export class ManualLegacyClock implements LegacyClock {
  /** Every sleep, in order: when it started and how long it was (ms). */
  readonly sleeps: { at: number; ms: number }[] = [];
  private current: number;

  constructor(start: Date | string = '2024-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): number {
    return this.current;
  }

  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.sleeps.push({ at: this.current, ms });
    this.current += ms;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
