import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CircuitState } from 'cockatiel';
import { LegacyClientOptions, LegacyHttpClient } from '../../../src/adapters/legacy/legacy-http-client';
import { FAST_CLIENT, SIM_CREDENTIALS } from '../../support/legacy-fixture';

/**
 * Hedged reads over loopback HTTP: a legacy whose next request can be made to hang, the way
 * legacy's slowest answers (up to 20 s) come at random, one request at a time.
 */
describe('hedged reads: a slow GET gets a second attempt, the first answer wins', () => {
  let server: http.Server;
  let baseUrl: string;
  let received: { method: string; n: number }[];
  /** Requests still waiting for an answer that closed their connection first (the dropped attempt). */
  let abandoned: number;
  let hangNext: boolean;
  let client: LegacyHttpClient;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const n = received.length + 1;
      received.push({ method: req.method!, n });
      req.resume();
      const answer = () => res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ n }));
      if (!hangNext) return answer();
      hangNext = false;
      const timer = setTimeout(answer, 1_500);
      res.on('close', () => {
        if (!res.writableFinished) {
          abandoned++;
          clearTimeout(timer);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const start = (options: Partial<LegacyClientOptions> = {}) => {
    received = [];
    abandoned = 0;
    hangNext = false;
    client = new LegacyHttpClient({ ...FAST_CLIENT, attemptTimeoutMs: 5_000, deadlineMs: 10_000, ...options, baseUrl, credentials: SIM_CREDENTIALS });
  };
  afterEach(() => client?.close());

  /** Enough quick reads for the client to know legacy's ordinary read time. */
  const warmUp = async () => {
    for (let i = 0; i < 30; i++) await client.send({ method: 'GET', path: '/hospitals.json' });
    received = [];
  };

  it('a read that hangs is answered by its hedge; the hanging attempt is dropped and counts nowhere against legacy', async () => {
    start();
    await warmUp();
    hangNext = true;
    const answer = await client.send({ method: 'GET', path: '/hospitals/1.json' });
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ n: 2 });
    expect(received).toEqual([{ method: 'GET', n: 1 }, { method: 'GET', n: 2 }]);
    const stats = client.stats();
    expect(stats).toMatchObject({ hedges: 1, hedgeWins: 1, attemptTimeouts: 0, retries: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(abandoned).toBe(1);
    expect(client.circuitState).toBe(CircuitState.Closed);
  });

  it('a read answered before the hedge delay is not hedged', async () => {
    // A delay far above a loopback answer, so a loaded machine cannot make this read "slow".
    start({ hedgeReads: { quantile: 0.95, minDelayMs: 1_000 } });
    await warmUp();
    await client.send({ method: 'GET', path: '/hospitals/1.json' });
    expect(received).toHaveLength(1);
    expect(client.stats().hedges).toBe(0);
  });

  it('a write is never hedged, however slow', async () => {
    start();
    await warmUp();
    hangNext = true;
    const created = await client.send({ method: 'POST', path: '/hospitals.json', body: Buffer.from('{"hospital":{"name":"A"}}'), headers: { 'content-type': 'application/json' } });
    expect(created.status).toBe(201);
    expect(received).toEqual([{ method: 'POST', n: 1 }]);
    expect(client.stats().hedges).toBe(0);
  });

  it('with the retry budget spent, a slow read waits for its only attempt', async () => {
    start({ retryBudget: { ratio: 0, windowMs: 10_000, minRetriesPerSecond: 0 } });
    await warmUp();
    hangNext = true;
    const answer = await client.send({ method: 'GET', path: '/hospitals/1.json' });
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ n: 1 });
    expect(received).toHaveLength(1);
    expect(client.stats()).toMatchObject({ hedges: 0, retriesDenied: 0 });
  });

  it('hedging off (HOSP_LEGACY_HEDGE_READS=false): one attempt', async () => {
    start({ hedgeReads: null });
    await warmUp();
    hangNext = true;
    await client.send({ method: 'GET', path: '/hospitals/1.json' });
    expect(received).toHaveLength(1);
    expect(client.stats().hedges).toBe(0);
  });
});
