import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CircuitState } from 'cockatiel';
import { v2Event } from '../../support/api-gateway-events';
import { ALICE_AUTH, ALICE_LEGACY_ID, GatewayRig, pool, startGatewayRig } from '../../support/gateway-fixture';
import { RecordingUpstream, startRecordingUpstream } from '../../support/recording-upstream';

/**
 * The legacy boundary under attack, over loopback HTTP, against the simulator in its rough
 * mode (it answers some requests without reading their body, as legacy's Rails stack does)
 * and against a recording upstream. Each attempt from the legacy-boundary issue: refused or
 * harmless, and legacy unchanged.
 */
describe('the legacy boundary: nothing reaches legacy but an allow-listed, re-serialised request', () => {
  let rig: GatewayRig;
  afterEach(() => rig?.close());

  const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  /** A request for legacy hidden in a body: its last header swallows the next request's request line. */
  const smuggledNote = (staffId: number) => {
    const note = `{"title":"Smuggled","body":"as someone else","patient_id":1,"staff\\u005fid":${staffId}}`;
    return `POST /notes HTTP/1.1\r\nHost: legacy\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(note)}\r\n\r\n${note}`;
  };

  describe('request smuggling', () => {
    beforeEach(async () => {
      rig = await startGatewayRig({ sim: { roughTransport: true } });
    });

    it('never forwards a body to a route that takes none: POST /patients with a smuggled request is 405', async () => {
      const mallory = await rig.addMember('mallory', 30);
      const attack = await rig.send('POST', '/patients', {
        auth: mallory.auth,
        body: `POST /notes HTTP/1.1\r\nHost: legacy\r\nX-Ignore: `,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(attack.status).toBe(405);
      expect(attack.headers.get('allow')).toBe('GET, HEAD');
      expect(attack.json().error.code).toBe('METHOD_NOT_ALLOWED');
      const second = await rig.send('POST', '/patients', { auth: mallory.auth, body: smuggledNote(ALICE_LEGACY_ID), headers: { 'content-type': 'application/json' } });
      expect(second.status).toBe(405);
      expect(rig.sim!.received()).toEqual([]);

      const mine = await rig.send('POST', '/notes', { json: { title: 'Check-up', body: 'All well', patient_id: 1 } });
      expect(mine.status).toBe(201);
      expect(rig.sim!.notes()).toEqual([expect.objectContaining({ title: 'Check-up', staff_id: ALICE_LEGACY_ID })]);
    });

    it('sends only a real image to the one binary route: a request disguised as an image is refused', async () => {
      const mallory = await rig.addMember('mallory', 30);
      const disguised = await rig.send('POST', '/patients/1/screen', {
        auth: mallory.auth,
        body: Buffer.from(smuggledNote(ALICE_LEGACY_ID)),
        headers: { 'content-type': 'image/png' },
      });
      expect(disguised.status).toBe(415);
      expect(rig.sim!.received()).toEqual([]);
    });

    it('never reuses a connection legacy may not have drained: what an unread body leaves behind reaches nobody', async () => {
      await rig.close();
      // One connection to legacy, so a connection left dirty would be the next request's.
      rig = await startGatewayRig({ sim: { roughTransport: true }, client: { maxConcurrent: 1 }, cache: { ttlMs: 1, maxStaleMs: 0 } });
      const mallory = await rig.addMember('mallory', 30);
      // A JPEG with no line break: legacy, answering a fast 5xx without reading it, would wait
      // for the rest of the "line" and read the next request on that connection into it.
      const image = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`{"title":"Smuggled","staff_id":${ALICE_LEGACY_ID}} POST /notes `)]);
      rig.sim!.setFaults({ failRate: 1 });
      const screened = await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body: image, headers: { 'content-type': 'image/jpeg' } });
      expect(screened.status).toBe(503);
      expect(screened.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
      rig.sim!.setFaults({ failRate: 0 });
      for (let i = 0; i < 5; i++) {
        const notes = await rig.send('GET', '/patients/1/notes');
        expect(notes.status).toBe(200);
        expect(notes.body.toString()).not.toMatch(/Smuggled|Bad request syntax/);
      }
      const note = await rig.send('POST', '/notes', { json: { title: 'Mine', body: 'b', patient_id: 2 } });
      expect(note.status).toBe(201);
      expect(rig.sim!.notes()).toEqual([expect.objectContaining({ title: 'Mine', staff_id: ALICE_LEGACY_ID })]);
    });

    it("does not pass legacy's error pages on, nor a page quoting another member's note, under faults", async () => {
      await rig.close();
      // Reads must reach legacy (no read cache) for a poisoned connection to reach them.
      rig = await startGatewayRig({ sim: { roughTransport: true }, cache: { ttlMs: 1, maxStaleMs: 0 } });
      const bob = await rig.addMember('bob', 29);
      rig.sim!.setFaults({ failRate: 0.2, resetRate: 0.02 });
      const secret = 'Confidential diagnosis';
      const answers = await pool(300, 12, async (i) => {
        if (i % 3 === 0) return rig.send('POST', '/notes', { json: { title: `Note ${i}`, body: `${secret} ${i}`, patient_id: 1 } });
        return rig.send('GET', i % 3 === 1 ? '/patients' : '/patients/2/notes', { auth: bob.auth });
      });
      for (const [i, result] of answers.entries()) {
        if (result.status !== 'fulfilled') throw result.reason;
        const { status, headers, body } = result.value;
        expect(headers.get('content-type')).toMatch(/^application\/json/);
        if (i % 3 !== 0) expect(body.toString()).not.toContain(secret);
        expect(body.toString()).not.toMatch(/<html|Bad request syntax/i);
        expect([200, 201, 502, 503]).toContain(status);
      }
      expect(rig.sim!.stats().requests['GET /patients/:id/notes']).toBeGreaterThan(50);
    });
  });

  describe('authors', () => {
    beforeEach(async () => {
      rig = await startGatewayRig({ sim: { roughTransport: true } });
    });

    it("writes each member's own legacy staff id, never hosp's staff id", async () => {
      const bob = await rig.addMember('bob', 29);
      expect(rig.alice.staffId).not.toBe(ALICE_LEGACY_ID);
      expect((await rig.send('POST', '/notes', { json: { title: 'A', body: 'by alice', patient_id: 1 } })).status).toBe(201);
      expect((await rig.send('POST', '/notes', { auth: bob.auth, json: { note: { title: 'B', body: 'by bob', patient_id: 1, staff_id: 29 } } })).status).toBe(201);
      expect(rig.sim!.notes().map((n) => [n.title, n.staff_id])).toEqual([['A', ALICE_LEGACY_ID], ['B', 29]]);
    });

    it('refuses an author that is not the caller, however it is spelt or wrapped', async () => {
      const attempts = [
        { title: 't', body: 'b', patient_id: 1, staff_id: 29 },
        { title: 't', body: 'b', patient_id: 1, staff_id: String(rig.alice.staffId) },
        { note: { title: 't', body: 'b', patient_id: 1, staff_id: '29' } },
      ];
      for (const json of attempts) {
        const answer = await rig.send('POST', '/notes', { json });
        expect(answer.status).toBe(403);
        expect(answer.json().error.code).toBe('FORBIDDEN');
      }
      const raw = [
        `{"title":"t","body":"b","patient_id":1,"staff_id":29,"staff_id":${ALICE_LEGACY_ID}}`,
        `{"title":"t","body":"b","patient_id":1,"staff\\u005fid":29,"staff_id":${ALICE_LEGACY_ID}}`,
      ];
      for (const body of raw) {
        const answer = await rig.send('POST', '/notes', { body, headers: { 'content-type': 'application/json' } });
        expect(answer.status).toBe(400);
        expect(answer.json().error.code).toBe('MALFORMED_JSON');
      }
      const mixed = await rig.send('POST', '/notes', { json: { note: {}, title: 't', body: 'b', patient_id: 3 } });
      expect(mixed.status).toBe(400);
      expect(mixed.json().error.details).toHaveProperty('note');
      const form = await rig.send('POST', '/notes', { body: 'note[title]=t&note[staff_id]=29', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(form.status).toBe(415);
      const query = await rig.send('POST', '/notes?staff_id=29', { json: { title: 't', body: 'b', patient_id: 1 } });
      expect(query.status).toBe(400);
      expect(rig.sim!.received()).toEqual([]);
    });

    it('answers 403 LEGACY_IDENTITY_UNKNOWN, saying what to run, to a member with no legacy staff id', async () => {
      const carol = await rig.addMember('carol', null);
      const answer = await rig.send('POST', '/notes', { auth: carol.auth, json: { title: 't', body: 'b', patient_id: 1 } });
      expect(answer.status).toBe(403);
      expect(answer.json().error).toMatchObject({ code: 'LEGACY_IDENTITY_UNKNOWN', message: expect.stringContaining('hosp staff link carol --legacy-id') });
      expect((await rig.send('GET', '/patients/1', { auth: carol.auth })).status).toBe(200);
      expect(rig.sim!.notes()).toEqual([]);
    });
  });

  describe('roles', () => {
    it('needs the staff role for patients and notes, and admin for hospitals sent to legacy', async () => {
      rig = await startGatewayRig({ env: { HOSP_ROUTES: '*=legacy' }, sim: { generate: 1 } });
      const reader = await rig.addMember('reader', 41, 'read-only');
      const nurse = await rig.addMember('nurse', 42, 'staff');
      for (const [path, method] of [['/patients', 'GET'], ['/patients/1/notes', 'GET'], ['/notes', 'POST']] as const) {
        const refused = await rig.send(method, path, { auth: reader.auth, ...(method === 'POST' && { json: { title: 't', body: 'b', patient_id: 1 } }) });
        expect(refused.status).toBe(403);
        expect(refused.json().error).toMatchObject({ code: 'FORBIDDEN_ROLE', details: { role: ['must be staff or above'] } });
      }
      expect((await rig.send('GET', '/hospitals/1', { auth: reader.auth })).status).toBe(200);
      expect((await rig.send('GET', '/patients/1', { auth: nurse.auth })).status).toBe(200);
      const rename = await rig.send('PATCH', '/hospitals/1', { auth: nurse.auth, json: { name: 'Renamed by a nurse' } });
      expect(rename.status).toBe(403);
      expect(rename.json().error.details).toEqual({ role: ['must be admin or above'] });
      expect(rig.sim!.received().map((r) => `${r.method} ${r.target}`)).toEqual(['GET /hospitals/1.json', 'GET /patients/1']);
    });
  });

  describe('methods, paths and sizes', () => {
    beforeEach(async () => {
      rig = await startGatewayRig({ sim: { roughTransport: true } });
    });

    it('answers TRACE, CONNECT, OPTIONS and other methods itself, with Allow', async () => {
      for (const method of ['TRACE', 'OPTIONS', 'CONNECT', 'PROPFIND', 'PATCH', 'DELETE']) {
        const answer = await rig.handler(v2Event({ method, path: '/patients/1', headers: { authorization: ALICE_AUTH } }));
        expect(answer.statusCode).toBe(405);
        expect(answer.headers.allow).toBe('GET, HEAD');
      }
      const head = await rig.send('HEAD', '/patients/1');
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(rig.sim!.received().map((r) => r.method)).toEqual(['GET']);
    });

    it("never reaches legacy's debug routes or paths outside the table", async () => {
      for (const path of ['/__sim/stats', '/__stats', '/admin', '/patients/1/images/7', '/notes/1', '/patients/1/..%2F..%2F__sim/stats', '/rails/info/routes']) {
        const answer = await rig.send('GET', path);
        expect([400, 404]).toContain(answer.status);
        expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      }
      // fetch resolves dot segments itself; an API Gateway event can carry them.
      const dotted = await rig.handler(v2Event({ method: 'GET', path: '/patients/1/../../__sim/stats', headers: { authorization: ALICE_AUTH } }));
      expect(dotted.statusCode).toBe(400);
      expect(rig.sim!.received()).toEqual([]);
    });

    it('refuses oversized bodies whole (413), never cutting one short, and legacy sees nothing', async () => {
      const image = Buffer.concat([PNG_HEADER, Buffer.alloc(4 * 1024 * 1024, 1)]);
      const tooBig = await rig.send('POST', '/patients/1/screen', { body: image, headers: { 'content-type': 'image/png' } });
      expect(tooBig.status).toBe(413);
      const wayTooBig = await rig.send('POST', '/patients/1/screen', { body: Buffer.concat([image, Buffer.alloc(1024 * 1024)]), headers: { 'content-type': 'image/png' } });
      expect(wayTooBig.status).toBe(413);
      expect(wayTooBig.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      const longNote = await rig.send('POST', '/notes', { json: { title: 't', body: 'x'.repeat(70_000), patient_id: 1 } });
      expect(longNote.status).toBe(413);
      expect(rig.sim!.received()).toEqual([]);
      const fits = Buffer.concat([PNG_HEADER, Buffer.alloc(2 * 1024 * 1024, 3)]);
      const screened = await rig.send('POST', '/patients/1/screen', { body: fits, headers: { 'content-type': 'image/png' } });
      expect(screened.status).toBe(200);
      expect(screened.json()).toMatchObject({ bytes_screened: fits.length });
    });

    it("maps legacy's refusals into the error contract, keeping legacy's status and its field messages", async () => {
      const missing = await rig.send('GET', '/patients/999');
      expect(missing.status).toBe(404);
      expect(missing.json().error.code).toBe('NOT_FOUND');
      const invalid = await rig.send('POST', '/notes', { json: { title: 't', body: 'b', patient_id: 999 } });
      expect(invalid.status).toBe(422);
      expect(invalid.json().error).toMatchObject({ code: 'LEGACY_REJECTED', details: { patient: ['must exist'] } });
      const badId = await rig.send('GET', '/patients/abc');
      expect(badId.status).toBe(400);
    });
  });

  describe('fair failure handling', () => {
    it('40 OPTIONS from one member leave the circuit closed and reach nothing', async () => {
      rig = await startGatewayRig({ sim: { roughTransport: true } });
      for (let i = 0; i < 40; i++) expect((await rig.send('OPTIONS', '/patients')).status).toBe(405);
      expect(rig.gateway.client.circuitState).toBe(CircuitState.Closed);
      expect(rig.sim!.received()).toEqual([]);
      expect((await rig.send('GET', '/patients')).status).toBe(200);
    });

    it("one member cannot take every connection to legacy: past their share they wait, then get 429; others go straight on", async () => {
      rig = await startGatewayRig({
        env: { HOSP_GATEWAY_MEMBER_CONCURRENCY: '4' },
        // Each answer takes 1 s, so few end while a loaded machine is still sending the flood and the queue fills.
        sim: { roughTransport: true, faults: { slowRate: 1, slowMinMs: 1_000, slowMaxMs: 1_000 } },
        client: { attemptTimeoutMs: 2_000, deadlineMs: 5_000 },
      });
      const mallory = await rig.addMember('mallory', 30);
      const started = performance.now();
      // Distinct notes lists (patients 1–3, no cache sharing needed): 4 run, 64 wait, the rest are refused.
      const flood = pool(100, 100, (i) => rig.send('GET', `/patients/${(i % 3) + 1}/notes`, { auth: mallory.auth }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const alice = await rig.send('GET', '/patients/1');
      const aliceDone = performance.now() - started;
      expect(alice.status).toBe(200);
      const statuses = (await flood).map((r) => (r.status === 'fulfilled' ? r.value.status : 0));
      const floodDone = performance.now() - started;
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(100 - 4 - 64);
      expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
      expect(aliceDone).toBeLessThan(floodDone);
    }, 30_000);
  });

  describe('in front of a recording upstream', () => {
    let upstream: RecordingUpstream;
    beforeEach(async () => {
      upstream = await startRecordingUpstream();
      rig = await startGatewayRig({ legacyUrl: upstream.url });
    });
    afterEach(async () => {
      await rig.close();
      await upstream.close();
    });

    it('builds legacy headers from an allow-list: forwarding and override headers from clients never pass', async () => {
      const answer = await rig.send('POST', '/notes', {
        json: { title: 'Check-up', body: 'All well', patient_id: 1 },
        headers: {
          'x-forwarded-for': '6.6.6.6',
          'x-forwarded-host': 'evil.example',
          'x-forwarded-proto': 'http',
          'x-real-ip': '6.6.6.6',
          forwarded: 'for=6.6.6.6;host=evil.example',
          via: '1.1 evil',
          'x-http-method-override': 'DELETE',
          'x-method-override': 'DELETE',
          'x-origin-verify': 'guess',
          cookie: 'legacy_session=stolen',
          'x-custom': 'anything',
          'idempotency-key': 'abc-123',
        },
      });
      expect(answer.status).toBe(201);
      expect(upstream.received).toHaveLength(1);
      const sent = upstream.received[0]!;
      expect(sent.method).toBe('POST');
      expect(sent.url).toBe('/notes');
      const names = new Set(Object.keys(sent.headers));
      expect([...names].sort()).toEqual(
        ['accept', 'authorization', 'connection', 'content-length', 'content-type', 'host', 'user-agent', 'x-forwarded-for', 'x-request-id'].sort(),
      );
      expect(sent.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(sent.headers.authorization).not.toBe(ALICE_AUTH);
      expect(JSON.parse(sent.body.toString())).toEqual({ title: 'Check-up', body: 'All well', patient_id: 1, staff_id: ALICE_LEGACY_ID });
      expect(answer.headers.get('set-cookie')).toBeNull();
      expect(answer.headers.get('server')).toBeNull();
    });

    it('sends the re-serialised body, never the bytes the client sent', async () => {
      const sentText = '{ "patient_id" : 1 , "body":"All\\u0020well",  "title":"Check-up"}';
      expect((await rig.send('POST', '/notes.json', { body: sentText, headers: { 'content-type': 'application/json; charset=utf-8' } })).status).toBe(201);
      expect(upstream.received[0]!.body.toString()).toBe(`{"title":"Check-up","body":"All well","patient_id":1,"staff_id":${ALICE_LEGACY_ID}}`);
    });

    it('sends nothing for TRACE (the recording upstream would echo nothing; the rough simulator would echo credentials)', async () => {
      const socket = connect(rig.server.port, '127.0.0.1');
      const reply = await new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString('latin1')));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
        socket.write(`TRACE /patients HTTP/1.1\r\nHost: x\r\nAuthorization: ${ALICE_AUTH}\r\nConnection: close\r\n\r\n`);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 405/);
      expect(reply).not.toMatch(/legacy-password|bGVnYWN5/);
      expect(upstream.received).toEqual([]);
    });
  });
});
