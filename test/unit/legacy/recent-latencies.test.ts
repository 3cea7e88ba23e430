import fc from 'fast-check';
import { RecentLatencies } from '../../../src/adapters/legacy/recent-latencies';

describe('RecentLatencies', () => {
  it('knows no quantile before minSamples, then the nearest-rank quantile of the window', () => {
    const latencies = new RecentLatencies(100, 20);
    for (let ms = 1; ms <= 19; ms++) latencies.record(ms);
    expect(latencies.quantile(0.95)).toBeUndefined();
    latencies.record(20);
    expect(latencies.quantile(0.95)).toBe(19);
    expect(latencies.quantile(1)).toBe(20);
  });

  it('keeps only the last `size` samples: an old slow period is forgotten', () => {
    const latencies = new RecentLatencies(10, 5);
    for (let i = 0; i < 10; i++) latencies.record(5_000);
    for (let i = 0; i < 10; i++) latencies.record(10);
    expect(latencies.quantile(0.95)).toBe(10);
  });

  it('a quantile is always one of the window\'s samples, between its smallest and largest', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(100_000), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (samples, q) => {
        const latencies = new RecentLatencies(50, 1);
        for (const ms of samples) latencies.record(ms);
        const window = samples.slice(-50);
        const value = latencies.quantile(q)!;
        expect(window).toContain(value);
        expect(value).toBeGreaterThanOrEqual(Math.min(...window));
        expect(value).toBeLessThanOrEqual(Math.max(...window));
      }),
    );
  });
});
