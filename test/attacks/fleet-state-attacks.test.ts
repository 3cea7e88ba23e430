import { VERIFY_IN_FUNCTION } from '../../src/adapters/http/authorizer-context';
import { createServer, Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { formatBasicCredentials } from '../../src/adapters/shared/basic-credentials';
import { DynamoSharedReadCache } from '../../src/adapters/dynamodb/dynamo-shared-read-cache';
import { PowertoolsIdempotency } from '../../src/adapters/idempotency/powertools-idempotency';
import { DEFAULT_READ_CACHE, LegacyReadCache } from '../../src/adapters/legacy/legacy-read-cache';
import { createLegacySimulator, LegacySimulator } from '../../src/tools/legacy-sim/legacy-simulator';
import { TOKENS } from '../../src/infra/tokens';
import { v2AuthorizerEvent } from '../support/api-gateway-events';
import { createTestTables, TestTables } from '../support/dynamodb';
import { GatewayRig, startGatewayRig } from '../support/gateway-fixture';
import { captureLambdaOutput } from '../support/lambda-output';
import { SIM_CREDENTIALS } from '../support/legacy-fixture';

/**
 * Issue 18's fleet state attacked: gateway processes (each standing for a Lambda container)
 * sharing one DynamoDB Local for Idempotency-Keys and the legacy read cache, in front of one
 * legacy simulator; and the Lambda authorizer against a DynamoDB that refuses connections.
 */

/** Legacy answering every request (the simulator's random faults off): the holes shown here need none. */
const NO_FAULTS = { failRate: 0, commitThenFailRate: 0, slowRate: 0, resetRate: 0 };

/**
 * A DynamoDB persistence layer whose chosen answer writes (saveSuccess) fail, as a DynamoDB
 * timeout would: `failUpdates(2)` fails the second one from now. A keyed legacy write makes two
 * of them in order: its "sent" record, then its answer.
 */
class AnswerWriteFails extends DynamoDBPersistenceLayer {
  private failing = new Set<number>();
  private seen = 0;
  failUpdates(...nth: number[]): void {
    this.seen = 0;
    this.failing = new Set(nth);
  }
  protected override async _updateRecord(record: IdempotencyRecord): Promise<void> {
    if (this.failing.delete(++this.seen)) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    return super._updateRecord(record);
  }
}

describe('attack: fleet state shared through DynamoDB', () => {
  let tables: TestTables;
  let sim: LegacySimulator;
  const rigs: GatewayRig[] = [];
  let persistence: AnswerWriteFails;
  /** Moves every rig's read-cache clock forward, as waiting would. */
  let cacheAheadMs = 0;

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
          cacheClock: () => Date.now() + cacheAheadMs,
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
    'a note whose answer could not be stored (DynamoDB failed on the answer write) is not written again by a retry that ' +
      'takes over the expired in-progress key: its "sent" record makes the retry reconcile, and legacy holds the note once',
    async () => {
      const note = { title: 'attack takeover', body: 'written once', patient_id: 1 };
      const headers = { 'idempotency-key': 'atk-takeover' };
      persistence.failUpdates(2);
      const first = await rigs[0]!.send('POST', '/notes', { json: note, headers });
      expect(first.status).toBe(201); // the answer ran, was sent, and could not be stored
      const soon = await rigs[1]!.send('POST', '/notes', { json: note, headers });
      expect(soon.status).toBe(409); // in progress
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      const retry = await rigs[1]!.send('POST', '/notes', { json: note, headers });
      expect(retry.status).toBe(201);
      expect(retry.json().id).toBe(first.json().id);
      expect(notesOf('attack takeover')).toHaveLength(1);
    },
    30_000,
  );

  it(
    'a "sent" record that cannot be stored stops the write: 503, nothing reaches legacy, and a later retry writes the note once',
    async () => {
      const note = { title: 'attack no intent', body: 'b', patient_id: 1 };
      const headers = { 'idempotency-key': 'atk-no-intent' };
      persistence.failUpdates(1, 2); // the "sent" record's answer write, then its strict store
      const first = await rigs[0]!.send('POST', '/notes', { json: note, headers });
      expect(first.status).toBe(503);
      expect(first.json().error.code).toBe('IDEMPOTENCY_UNAVAILABLE');
      expect(notesOf('attack no intent')).toHaveLength(0);
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      const retry = await rigs[1]!.send('POST', '/notes', { json: note, headers });
      expect(retry.status).toBe(201);
      expect(notesOf('attack no intent')).toHaveLength(1);
    },
    30_000,
  );

  it(
    'a write through one process is seen by the other processes within HOSP_LEGACY_CACHE_SHARED_RECHECK_SECONDS (5 s): ' +
      'their own copies ask the fleet\'s level again, which the write invalidated',
    async () => {
      const listed = await rigs[0]!.send('GET', '/patients/3/notes');
      expect(listed.status).toBe(200);
      const written = await rigs[1]!.send('POST', '/notes', { json: { title: 'attack stale', body: 'b', patient_id: 3 } });
      expect(written.status).toBe(201);
      const holds = (answer: { json(): any }) => answer.json().some((n: { id: number }) => n.id === written.json().id);
      expect(holds(await rigs[1]!.send('GET', '/patients/3/notes'))).toBe(true);
      cacheAheadMs += DEFAULT_READ_CACHE.sharedRecheckMs + 1;
      const onOther = await rigs[0]!.send('GET', '/patients/3/notes');
      expect(onOther.status).toBe(200);
      expect(holds(onOther)).toBe(true);
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
    'legacy\'s 401 to the service account is not kept under the key: the refusal frees it, and a retry on a process whose ' +
      'credentials legacy accepts writes the note once',
    async () => {
      const note = { title: 'attack pinned', body: 'b', patient_id: 1 };
      const headers = { 'idempotency-key': 'atk-pinned' };
      const first = await rigs[0]!.send('POST', '/notes', { json: note, headers });
      expect(first.status).toBe(503);
      expect(first.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
      const retry = await rigs[1]!.send('POST', '/notes', { json: note, headers });
      expect(retry.status).toBe(201);
      expect(sim.notes().filter((n) => n.title === 'attack pinned')).toHaveLength(1);
      const replay = await rigs[1]!.send('POST', '/notes', { json: note, headers });
      expect(replay.status).toBe(201);
      expect(replay.json().id).toBe(retry.json().id);
      expect(sim.notes().filter((n) => n.title === 'attack pinned')).toHaveLength(1);
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
    'a DynamoDB fault that fails fast (refused connections) is no verdict on the credentials: the authorizer leaves the check to ' +
      'the function (VERIFY_IN_FUNCTION), so no Deny is cached for a member with the right password',
    async () => {
      Object.assign(process.env, {
        HOSP_STORE: 'dynamodb',
        DYNAMODB_ENDPOINT: `http://127.0.0.1:${closedPort}`,
        AWS_ACCESS_KEY_ID: 'hosplocal',
        AWS_SECRET_ACCESS_KEY: 'hosplocal',
        HOSP_PUBLIC_BASE_URL: 'https://api.hosp.example',
      });
      // Powertools Logger writes errors to stderr and the rest to stdout: both are read.
      const output = captureLambdaOutput();
      const { lines } = output;
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
        expect(response).toEqual({ isAuthorized: true, context: VERIFY_IN_FUNCTION });
        expect(lines.find((line) => line.msg === 'authorizer decision')).toMatchObject({ reason: 'CHECK_FAILED' });
        expect(lines.find((line) => line.msg === 'authorizer: the check failed; left to the function')).toMatchObject({ level: 'error' });
      } finally {
        output.restore();
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
