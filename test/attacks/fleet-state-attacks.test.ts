import { createServer, Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { formatBasicCredentials } from '../../src/adapters/http/basic-credentials';
import { DynamoSharedReadCache } from '../../src/adapters/dynamodb/dynamo-shared-read-cache';
import { PowertoolsIdempotency } from '../../src/adapters/idempotency/powertools-idempotency';
import { DEFAULT_READ_CACHE, LegacyReadCache } from '../../src/adapters/legacy/legacy-read-cache';
import { createLegacySimulator, LegacySimulator } from '../../src/adapters/legacy-sim/legacy-simulator';
import { TOKENS } from '../../src/infra/tokens';
import { v2AuthorizerEvent } from '../support/api-gateway-events';
import { createTestTables, TestTables } from '../support/dynamodb';
import { GatewayRig, startGatewayRig } from '../support/gateway-fixture';
import { SIM_CREDENTIALS } from '../support/legacy-fixture';

/**
 * Issue 18's fleet state attacked: gateway processes (each standing for a Lambda container)
 * sharing one DynamoDB Local for Idempotency-Keys and the legacy read cache, in front of one
 * legacy simulator; and the Lambda authorizer against a DynamoDB that refuses connections.
 */

/** Legacy answering every request (the simulator's random faults off): the holes shown here need none. */
const NO_FAULTS = { failRate: 0, commitThenFailRate: 0, slowRate: 0, resetRate: 0 };

/** A DynamoDB persistence layer whose next answer write (saveSuccess) fails, as a DynamoDB timeout would. */
class AnswerWriteFails extends DynamoDBPersistenceLayer {
  failNext = false;
  protected override async _updateRecord(record: IdempotencyRecord): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    }
    return super._updateRecord(record);
  }
}

describe('attack: fleet state shared through DynamoDB', () => {
  let tables: TestTables;
  let sim: LegacySimulator;
  const rigs: GatewayRig[] = [];
  let persistence: AnswerWriteFails;

  beforeAll(async () => {
    tables = await createTestTables('fleetattack');
    sim = await createLegacySimulator({ seed: 18, faults: NO_FAULTS });
    persistence = new AnswerWriteFails({ tableName: tables.tables.idempotency, awsSdkV3Client: tables.client as never });
    // In-progress expiry scaled down from 30 s to 1.5 s so the test need not wait; the logic is the same.
    const runner = new PowertoolsIdempotency(persistence, () => undefined, { expiresAfterSeconds: 3600, inProgressExpiryMs: 1_500 });
    for (let i = 0; i < 2; i++) {
      const shared = new DynamoSharedReadCache(tables.client, tables.tables.legacyCache, () => undefined);
      rigs.push(
        await startGatewayRig({
          legacyUrl: sim.url,
          configure: (c) => {
            c.rebind(TOKENS.IdempotentRunner).toConstantValue(runner);
            c.bind(TOKENS.SharedReadCache).toConstantValue(shared);
          },
        }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    for (const rig of rigs) await rig.close();
    await sim?.close();
    await tables?.drop();
  });

  const notesOf = (title: string) => sim.notes().filter((n) => n.title === title);

  it('a keyed note retried on another process gets the first answer; legacy sees one note', async () => {
    const note = { title: 'attack once', body: 'b', patient_id: 1 };
    const headers = { 'idempotency-key': 'atk-once' };
    const first = await rigs[0]!.send('POST', '/notes', { json: note, headers });
    expect(first.status).toBe(201);
    const again = await rigs[1]!.send('POST', '/notes', { json: note, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } });
    expect(again.status).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(notesOf('attack once')).toHaveLength(1);
  });

  it('another member sending the same key and body never gets the first member\'s stored answer', async () => {
    const bob = await rigs[1]!.addMember('bob', 29);
    await rigs[0]!.addMember('bob', 29);
    const note = { title: 'attack scope', body: 'b', patient_id: 1 };
    const headers = { 'idempotency-key': 'atk-scope' };
    const alice = await rigs[0]!.send('POST', '/notes', { json: note, headers });
    const bobs = await rigs[1]!.send('POST', '/notes', { json: note, headers, auth: bob.auth });
    expect([alice.status, bobs.status]).toEqual([201, 201]);
    expect(bobs.json().id).not.toBe(alice.json().id);
    expect(bobs.json().staff_id).toBe(29);
  });

  it('duplicated, over-long and non-ASCII Idempotency-Keys are 400 in the error contract; nothing reaches legacy', async () => {
    const before = sim.stats().requests['POST /notes'] ?? 0;
    const note = { title: 'attack bad key', body: 'b', patient_id: 1 };
    for (const key of ['a, b', 'k'.repeat(256), 'with space', 'tab\tkey']) {
      const answer = await rigs[0]!.send('POST', '/notes', { json: note, headers: { 'idempotency-key': key } });
      expect({ key: key.slice(0, 20), status: answer.status, code: answer.json().error.code }).toEqual({ key: key.slice(0, 20), status: 400, code: 'BAD_REQUEST' });
    }
    expect(sim.stats().requests['POST /notes'] ?? 0).toBe(before);
  });

  it(
    'FINDING[high] a note whose answer could not be stored (DynamoDB timed out on the answer write) is written again by a retry ' +
      'once the in-progress time passes: no reconciliation guards the takeover of an expired in-progress key',
    async () => {
      const note = { title: 'attack takeover', body: 'written twice', patient_id: 1 };
      const headers = { 'idempotency-key': 'atk-takeover' };
      persistence.failNext = true;
      const first = await rigs[0]!.send('POST', '/notes', { json: note, headers });
      expect(first.status).toBe(201); // the answer ran, was sent, and could not be stored
      const soon = await rigs[1]!.send('POST', '/notes', { json: note, headers });
      expect(soon.status).toBe(409); // in progress
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      const retry = await rigs[1]!.send('POST', '/notes', { json: note, headers });
      expect(retry.status).toBe(201);
      expect(retry.json().id).not.toBe(first.json().id);
      // The hole: legacy now holds the note twice under one Idempotency-Key.
      expect(notesOf('attack takeover')).toHaveLength(2);
    },
    30_000,
  );

  it(
    'FINDING[medium] a write through one process leaves the other processes\' own cache level serving the pre-write read ' +
      '(the new note is missing from GET /patients/{id}/notes on process A after process B wrote it)',
    async () => {
      const listed = await rigs[0]!.send('GET', '/patients/3/notes');
      expect(listed.status).toBe(200);
      const written = await rigs[1]!.send('POST', '/notes', { json: { title: 'attack stale', body: 'b', patient_id: 3 } });
      expect(written.status).toBe(201);
      const onWriter = await rigs[1]!.send('GET', '/patients/3/notes');
      expect(onWriter.json().some((n: { id: number }) => n.id === written.json().id)).toBe(true);
      const onOther = await rigs[0]!.send('GET', '/patients/3/notes');
      expect(onOther.status).toBe(200);
      // The hole: process A still answers from its own lru-cache, which B's invalidation never reached.
      expect(onOther.json().some((n: { id: number }) => n.id === written.json().id)).toBe(false);
    },
  );
});

describe('attack: a keyed legacy write refused by legacy is pinned to its key', () => {
  let tables: TestTables;
  let sim: LegacySimulator;
  const rigs: GatewayRig[] = [];

  beforeAll(async () => {
    tables = await createTestTables('fleetpin');
    sim = await createLegacySimulator({ seed: 19, faults: NO_FAULTS });
    const runner = new PowertoolsIdempotency(new DynamoDBPersistenceLayer({ tableName: tables.tables.idempotency, awsSdkV3Client: tables.client as never }), () => undefined);
    // A container still holding the old service-account secret during a rotation, and one with the new.
    for (const password of ['rotated-away secret', SIM_CREDENTIALS.password]) {
      rigs.push(
        await startGatewayRig({
          legacyUrl: sim.url,
          env: { HOSP_LEGACY_AUTH: `${SIM_CREDENTIALS.username}:${password}` },
          configure: (c) => void c.rebind(TOKENS.IdempotentRunner).toConstantValue(runner),
        }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    for (const rig of rigs) await rig.close();
    await sim?.close();
    await tables?.drop();
  });

  it(
    'FINDING[medium] legacy\'s 401 to the service account is stored as the key\'s answer: the "try again later" 503 is replayed ' +
      'by every retry under the key (24 h), even on a process whose credentials legacy accepts',
    async () => {
      const note = { title: 'attack pinned', body: 'b', patient_id: 1 };
      const headers = { 'idempotency-key': 'atk-pinned' };
      const first = await rigs[0]!.send('POST', '/notes', { json: note, headers });
      expect(first.status).toBe(503);
      expect(first.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
      const retry = await rigs[1]!.send('POST', '/notes', { json: note, headers });
      // The hole: the healthy process replays the stored 401 instead of writing the note.
      expect(retry.status).toBe(503);
      expect(sim.notes().filter((n) => n.title === 'attack pinned')).toHaveLength(0);
      const unkeyed = await rigs[1]!.send('POST', '/notes', { json: note });
      expect(unkeyed.status).toBe(201);
    },
  );
});

describe('attack: the Lambda authorizer against a DynamoDB that refuses connections', () => {
  let closedPort: number;
  const saved = { ...process.env };

  beforeAll(async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closedPort = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it(
    'FINDING[medium] a DynamoDB fault that fails fast (refused connections) ends as a Deny, which API Gateway caches for 300 s ' +
      'for that Authorization header: a member with the right password is locked out after DynamoDB is back',
    async () => {
      Object.assign(process.env, {
        HOSP_STORE: 'dynamodb',
        DYNAMODB_ENDPOINT: `http://127.0.0.1:${closedPort}`,
        AWS_ACCESS_KEY_ID: 'hosplocal',
        AWS_SECRET_ACCESS_KEY: 'hosplocal',
        HOSP_PUBLIC_BASE_URL: 'https://api.hosp.example',
      });
      const lines: Record<string, unknown>[] = [];
      const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        return true;
      });
      try {
        let handler: ((event: unknown, context: never) => Promise<unknown>) | undefined;
        jest.isolateModules(() => {
          handler = (require('../../src/infra/lambda/authorizer') as { handler: typeof handler }).handler;
        });
        const endsAt = Date.now() + 10_000;
        const event = v2AuthorizerEvent({ method: 'GET', path: '/hospitals', headers: { authorization: formatBasicCredentials({ username: 'vet', password: 'a long enough password' }) } });
        const response = await handler!(event, { awsRequestId: 'aws-refused', getRemainingTimeInMillis: () => endsAt - Date.now() } as never);
        // Well inside the deadline, so the "verify in the function" path never applies.
        expect(Date.now()).toBeLessThan(endsAt - 300);
        // The hole: not a verdict on the credentials, yet a (cached) deny.
        expect(response).toEqual({ isAuthorized: false });
        expect(lines.find((line) => line.msg === 'authorizer decision')).toMatchObject({ decision: 'deny', reason: 'INTERNAL_ERROR' });
      } finally {
        spy.mockRestore();
      }
    },
    30_000,
  );
});



describe('attack: the shared read cache across containers whose clocks differ', () => {
  let tables: TestTables;
  beforeAll(async () => {
    tables = await createTestTables('fleetskew');
  });
  afterAll(async () => {
    await tables?.drop();
  });

  it(
    'FINDING[low] a read that started before a write lands in the shared level after the write\'s invalidation when the reading ' +
      'container\'s clock runs ahead of the writer\'s by more than the overlap (here 1 s): the fleet is then served the pre-write read',
    async () => {
      const key = 'svc|/patients/7/notes';
      const writerNow = Date.now();
      const reader = new LegacyReadCache(DEFAULT_READ_CACHE, () => Date.now() + 1_000, new DynamoSharedReadCache(tables.client, tables.tables.legacyCache, () => undefined));
      const writer = new LegacyReadCache(DEFAULT_READ_CACHE, () => Date.now(), new DynamoSharedReadCache(tables.client, tables.tables.legacyCache, () => undefined));
      let finish!: () => void;
      const lateRead = reader.read(key, () => new Promise<string[]>((resolve) => (finish = () => resolve(['before the write']))));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await writer.invalidate(key); // the write committed; its invalidation is stamped with the writer's clock
      finish();
      await lateRead;
      let loads = 0;
      const third = new LegacyReadCache(DEFAULT_READ_CACHE, () => Date.now(), new DynamoSharedReadCache(tables.client, tables.tables.legacyCache, () => undefined));
      const served = await third.read(key, async () => {
        loads++;
        return ['after the write'];
      });
      expect(Date.now() - writerNow).toBeLessThan(1_000);
      // The hole: the pre-write read was stored after the invalidation and served without asking legacy.
      expect(served?.value).toEqual(['before the write']);
      expect(loads).toBe(0);
    },
  );
});
