import { ShadowReads } from '../../../src/adapters/gateway/shadow-reads';
import { LegacyRequest, LegacyResponse } from '../../../src/adapters/legacy/legacy-exchange';
import { recordingMetrics } from '../../support/recording-metrics';

const legacyAnswer = (body: unknown, status = 200): LegacyResponse =>
  ({ status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)), attempts: 1 }) as unknown as LegacyResponse;
const coreAnswer = (body: unknown) => ({ statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) });

describe('ShadowReads: comparisons and differences leave the process as metrics', () => {
  it('counts each comparison, and each difference, logging only the paths that differ', async () => {
    const metrics = recordingMetrics();
    const logged: Record<string, unknown>[] = [];
    const answers = [legacyAnswer({ id: 1, name: 'Paws' }), legacyAnswer({ id: 1, name: 'Claws' })];
    const shadow = new ShadowReads(async (_request: LegacyRequest) => answers.shift()!, (entry) => logged.push(entry), {}, metrics);
    shadow.observe('/hospitals/1', coreAnswer({ id: 1, name: 'Paws' }), 'r-1');
    await shadow.idle();
    shadow.observe('/hospitals/1', coreAnswer({ id: 1, name: 'Paws' }), 'r-2');
    await shadow.idle();
    expect(metrics.totals()).toEqual({ ShadowComparisons: 2, ShadowDifferences: 1 });
    expect(shadow.stats()).toMatchObject({ compared: 2, matched: 1, differed: 1 });
    expect(logged).toEqual([expect.objectContaining({ msg: 'shadow difference', requestId: 'r-2', differences: ['/name'] })]);
    expect(JSON.stringify(logged)).not.toMatch(/Paws|Claws/);
  });
});
