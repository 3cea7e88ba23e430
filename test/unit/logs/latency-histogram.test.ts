import { LatencyHistogram } from '../../../src/tools/access-logs/latency-histogram';

describe('LatencyHistogram', () => {
  it('reports nothing when empty', () => {
    expect(new LatencyHistogram().summary()).toEqual({ p50: null, p90: null, p99: null, max: null });
  });

  it('reports a single value exactly (clamped to the exact min and max)', () => {
    const h = new LatencyHistogram();
    h.add(171);
    expect(h.summary()).toEqual({ p50: 171, p90: 171, p99: 171, max: 171 });
  });

  it('keeps zero latencies apart from the smallest positive ones', () => {
    const h = new LatencyHistogram();
    [0, 0, 0, 5].forEach((v) => h.add(v));
    expect(h.quantile(0.75)).toBe(0);
    expect(h.quantile(1)).toBe(5);
  });

  it('uses nearest rank: p50 of 1..10 is the 5th value, p90 the 9th', () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 10; v += 1) h.add(v * 100);
    expect(h.quantile(0.5)).toBeGreaterThanOrEqual(500 * 0.99);
    expect(h.quantile(0.5)).toBeLessThanOrEqual(500 * 1.01);
    expect(h.quantile(0.9)).toBeGreaterThanOrEqual(900 * 0.99);
    expect(h.quantile(0.9)).toBeLessThanOrEqual(900 * 1.01);
    expect(h.max).toBe(1000);
  });

  it('stays bounded for values beyond its range', () => {
    const h = new LatencyHistogram();
    h.add(5e7);
    h.add(0.001);
    expect(h.max).toBe(5e7);
    expect(h.quantile(0.5)).toBeGreaterThanOrEqual(0.001);
    expect(h.count).toBe(2);
  });
});
