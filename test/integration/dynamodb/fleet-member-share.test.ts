import { createDocumentClient, LOCAL_CREDENTIALS } from '../../../src/adapters/dynamodb/dynamo-client';
import { DynamoFleetMemberShare } from '../../../src/adapters/dynamodb/dynamo-fleet-member-share';
import { createTestTables, TestTables } from '../../support/dynamodb';

/** Each member's share of legacy, counted in DynamoDB Local by two "processes" (two clients). */
describe('DynamoFleetMemberShare', () => {
  let t: TestTables;
  let otherClient: ReturnType<typeof createDocumentClient>;
  let now: number;
  const warnings: Record<string, unknown>[] = [];
  const log = (entry: Record<string, unknown>) => void warnings.push(entry);
  const share = (client = t.client, maxInFlight = 2, table = t.tables.memberShare) =>
    new DynamoFleetMemberShare(client, table, log, { maxInFlight, periodMs: 60_000, maxWaitMs: 0 }, () => now);

  beforeAll(async () => {
    t = await createTestTables('share');
    otherClient = createDocumentClient({ ...t.config, credentials: LOCAL_CREDENTIALS });
  });
  afterAll(async () => {
    otherClient.destroy();
    await t.drop();
  });
  beforeEach(() => {
    now = 1_800_000_000_000;
    warnings.length = 0;
  });

  it('admits a member up to the limit across processes, refuses the next, and admits again after a release', async () => {
    const a = share();
    const b = share(otherClient);
    const first = await a.claim(1);
    const second = await b.claim(1);
    expect(first).toEqual(expect.any(Function));
    expect(second).toEqual(expect.any(Function));
    expect(await a.claim(1)).toBeNull();
    expect(await b.claim(1)).toBeNull();
    await first!();
    const third = await b.claim(1);
    expect(third).toEqual(expect.any(Function));
    await second!();
    await third!();
  });

  it("counts each member apart: one member at the limit leaves another's share whole", async () => {
    const a = share();
    const held = [await a.claim(2), await a.claim(2)];
    expect(await a.claim(2)).toBeNull();
    const other = await a.claim(3);
    expect(other).toEqual(expect.any(Function));
    for (const release of [...held, other]) await release!();
  });

  it('a release called twice gives back one slot, never a slot the member did not hold', async () => {
    const a = share(t.client, 1);
    const release = await a.claim(4);
    await release!();
    await release!();
    const again = await a.claim(4);
    expect(again).toEqual(expect.any(Function));
    expect(await a.claim(4)).toBeNull();
    await again!();
  });

  it('never admits more than the limit when many claims race from two processes', async () => {
    const a = share(t.client, 3);
    const b = share(otherClient, 3);
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim(5)));
    const admitted = claims.filter((release) => release !== null);
    expect(admitted).toHaveLength(3);
    for (const release of admitted) await release!();
  });

  it("a slot leaked by a process that died is gone when the period ends (the count is per period)", async () => {
    const a = share(t.client, 1);
    expect(await a.claim(6)).toEqual(expect.any(Function)); // never released: the container died
    expect(await a.claim(6)).toBeNull();
    now += 60_000;
    const next = await a.claim(6);
    expect(next).toEqual(expect.any(Function));
    await next!();
  });

  it('fails open when DynamoDB cannot count (logged): the per-process share still applies', async () => {
    const broken = share(t.client, 1, `${t.tables.memberShare}-missing`);
    const release = await broken.claim(7);
    expect(release).toEqual(expect.any(Function));
    await release!();
    expect(warnings).toEqual([expect.objectContaining({ level: 'warn', msg: expect.stringContaining('claim failed'), error: expect.objectContaining({ name: 'ResourceNotFoundException' }) })]);
  });

  it('a claim at the limit waits for a slot to be given back, and is refused only when none is within its wait', async () => {
    let clock = 1_800_000_000_000;
    const pauses: number[] = [];
    const waiting = new DynamoFleetMemberShare(t.client, t.tables.memberShare, log, { maxInFlight: 1, periodMs: 60_000, maxWaitMs: 1_000 }, () => clock, async (ms) => {
      pauses.push(ms);
      clock += ms;
      if (pauses.length === 3) await held!(); // another request of the member ends meanwhile
    });
    const held = await waiting.claim(8);
    const next = await waiting.claim(8);
    expect(next).toEqual(expect.any(Function));
    expect(pauses).toHaveLength(3);
    // Backs off: each pause within its growing window (12.5–25 ms, 25–50 ms, 50–100 ms).
    expect(pauses[0]!).toBeLessThanOrEqual(25);
    expect(pauses[2]!).toBeGreaterThanOrEqual(50);
    pauses.length = 0;
    const refused = await waiting.claim(8); // nobody gives `next` back: refused after 1 s of pauses
    expect(refused).toBeNull();
    expect(pauses.reduce((a, b) => a + b, 0)).toBeCloseTo(1_000, 0);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(200);
    await next!();
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => share(t.client, 0)).toThrow(RangeError);
    expect(() => share(t.client, 1.5)).toThrow(RangeError);
  });
});
