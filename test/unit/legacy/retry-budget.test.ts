import { RetryBudget } from '../../../src/adapters/legacy/retry-budget';
import { ManualLegacyClock } from '../../support/legacy-fixture';

describe('RetryBudget', () => {
  let clock: ManualLegacyClock;
  const budget = () => new RetryBudget({ ratio: 0.2, windowMs: 10_000, minRetriesPerSecond: 0.5 }, clock);

  beforeEach(() => {
    clock = new ManualLegacyClock();
  });

  it('allows retries up to the ratio of requests plus the reserve, and no more', () => {
    const b = budget();
    for (let i = 0; i < 100; i++) b.recordRequest();
    let granted = 0;
    while (b.tryAcquireRetry()) granted++;
    expect(granted).toBe(25); // 0.2 × 100 + 0.5/s × 10 s
  });

  it('forgets requests and retries that slid out of the window', () => {
    const b = budget();
    for (let i = 0; i < 50; i++) b.recordRequest();
    while (b.tryAcquireRetry());
    expect(b.tryAcquireRetry()).toBe(false);
    clock.advance(11_000);
    expect(b.snapshot()).toEqual({ requests: 0, retries: 0, allowance: 5 });
    expect(b.tryAcquireRetry()).toBe(true);
  });

  it('a share below 1 takes only that part of the allowance, and leaves the rest to full takers', () => {
    const b = budget();
    for (let i = 0; i < 50; i++) b.recordRequest();
    const allowance = b.snapshot().allowance;
    let halves = 0;
    while (b.tryAcquireRetry(0.5)) halves++;
    expect(halves).toBe(Math.floor(allowance / 2));
    let rest = 0;
    while (b.tryAcquireRetry()) rest++;
    expect(halves + rest).toBe(Math.floor(allowance));
  });
});
