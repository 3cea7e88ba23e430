import fc from 'fast-check';
import { LatencyHistogram, RELATIVE_ACCURACY } from '../../../src/tools/access-logs/latency-histogram';

function nearestRank(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe('LatencyHistogram properties', () => {
  it('every quantile is within 1 % of the exact nearest-rank value', () => {
    const latency = fc.oneof(
      fc.constant(0),
      fc.double({ min: 0.1, max: 1e6, noNaN: true }),
      fc.integer({ min: 0, max: 30000 }),
    );
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 300 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (values, q) => {
        const h = new LatencyHistogram();
        values.forEach((v) => h.add(v));
        const exact = nearestRank([...values].sort((a, b) => a - b), q);
        const got = h.quantile(q)!;
        expect(Math.abs(got - exact)).toBeLessThanOrEqual(exact * RELATIVE_ACCURACY + 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('max is exact and count is the number of values added', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const h = new LatencyHistogram();
        values.forEach((v) => h.add(v));
        expect(h.max).toBe(Math.max(...values));
        expect(h.count).toBe(values.length);
      }),
    );
  });
});
