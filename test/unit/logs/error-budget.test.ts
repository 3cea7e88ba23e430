import { ErrorBudgetTracker } from '../../../src/tools/access-logs/error-budget';

const at = (iso: string): number => Date.parse(iso);

describe('ErrorBudgetTracker', () => {
  it('allows requests × (1 − SLO) failures and says what remains', () => {
    const tracker = new ErrorBudgetTracker();
    for (let i = 0; i < 10_000; i += 1) tracker.add(at('2026-11-30T00:00:00Z') + i * 1000, i < 3);
    const report = tracker.report(99.95);
    expect(report.allowedFailures).toBeCloseTo(5, 9);
    expect(report.failed).toBe(3);
    expect(report.remaining).toBeCloseTo(2, 9);
    expect(report.remainingPercent).toBeCloseTo(40, 6);
    expect(report.burnRate).toBeCloseTo(0.6, 9);
  });

  it('finds the worst 1 h window even when it starts and ends in silence', () => {
    const tracker = new ErrorBudgetTracker();
    // Successes every 10 minutes over 6 hours, two failures at 02:30 and 02:35.
    for (let m = 0; m < 360; m += 10) tracker.add(at('2026-11-30T00:00:00Z') + m * 60_000, false);
    tracker.add(at('2026-11-30T02:32:00Z'), true);
    tracker.add(at('2026-11-30T02:36:00Z'), true);
    const [worst] = tracker.report(99).worstWindows.oneHour;
    // Any hour holds 6 of the successes; the two failures make 2 of 8.
    expect(worst).toMatchObject({ requests: 8, failed: 2, burnRate: expect.closeTo(25, 6) });
    expect(Date.parse(worst!.to) - Date.parse(worst!.from)).toBe(3_600_000);
  });

  it('lists no window when nothing failed, and has no burn rate under a 100 % SLO', () => {
    const tracker = new ErrorBudgetTracker();
    tracker.add(at('2026-11-30T00:00:00Z'), false);
    expect(tracker.report(99).worstWindows).toEqual({ oneHour: [], sixHours: [] });
    tracker.add(at('2026-11-30T00:01:00Z'), true);
    const report = tracker.report(100);
    expect(report).toMatchObject({ allowedFailures: 0, failed: 1, remaining: -1, remainingPercent: null, burnRate: null });
    expect(report.worstWindows.oneHour[0]).toMatchObject({ failed: 1, burnRate: null });
  });

  it('reports nothing spent for a period without traffic', () => {
    expect(new ErrorBudgetTracker().report(99.9)).toMatchObject({ requests: 0, failed: 0, remainingPercent: null, timeline: [] });
  });
});
