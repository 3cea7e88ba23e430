import fc from 'fast-check';
import { SCREENING_IMAGE_TYPES } from '../../../src/adapters/gateway/legacy-acl/image-types';
import { v2Event } from '../../support/api-gateway-events';
import { ALICE_AUTH, ALICE_LEGACY_ID, GatewayRig, startGatewayRig } from '../../support/gateway-fixture';
import { RecordedRequest, RecordingUpstream, startRecordingUpstream } from '../../support/recording-upstream';

/** What legacy may receive: each allow-listed route as legacy sees it (the default HOSP_ROUTES keeps /hospitals in the core). */
const LEGACY_ROUTES: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: 'GET', path: /^\/patients$/ },
  { method: 'GET', path: /^\/patients\/[1-9][0-9]*$/ },
  { method: 'GET', path: /^\/patients\/[1-9][0-9]*\/notes$/ },
  { method: 'POST', path: /^\/notes$/ },
  { method: 'POST', path: /^\/patients\/[1-9][0-9]*\/screen$/ },
];
const HEADERS_LEGACY_MAY_SEE = new Set([
  'accept', 'authorization', 'connection', 'content-length', 'content-type', 'host', 'user-agent', 'x-forwarded-for', 'x-request-id',
]);
const NOTE_FIELDS = ['body', 'patient_id', 'staff_id', 'title'];

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SMUGGLED = 'POST /notes HTTP/1.1\r\nHost: legacy\r\nContent-Length: 70\r\n\r\n{"title":"x","body":"y","patient_id":1,"staff_id":99}';

const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'HEAD') },
  { weight: 2, arbitrary: fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'post', 'X-EVIL') },
);

const segment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('patients', 'notes', 'notes.json', 'screen', '1', '2', '2.json', 'notes', '__sim', 'stats', 'hospitals') },
  { weight: 2, arbitrary: fc.constantFrom('%6Eotes', 'NOTES', '..', '.', '%2e%2e', '%2F', 'notes%00', 'notes;x', '0', '-1', '99999999999999999999') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }).map((s) => encodeURIComponent(s)) },
);

const path = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('/notes', '/notes.json', '/patients', '/patients/1', '/patients/2/notes', '/patients/1/screen', '/patients/3.json') },
  { weight: 3, arbitrary: fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join('/')}`) },
  { weight: 1, arbitrary: fc.constantFrom('//notes/', '/notes/', '/./notes', '/patients//1', '/__sim/stats') },
);

const query = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('?staff_id=29', '?note[staff_id]=29', '?_method=DELETE', '?x=1&x=2') },
);

/** Author values a client might try, including other people's ids and odd spellings. */
const author = fc.oneof(fc.constant(ALICE_LEGACY_ID), fc.constant(29), fc.constant(String(ALICE_LEGACY_ID)), fc.constant(null), fc.integer(), fc.string({ maxLength: 4 }), fc.constant([28, 29]));

const noteFields = fc.record(
  {
    title: fc.oneof(fc.constant('Check-up'), fc.string({ maxLength: 20 })),
    body: fc.oneof(fc.constant('All well'), fc.string({ maxLength: 40 }), fc.constant(SMUGGLED)),
    patient_id: fc.oneof(fc.constantFrom(1, 2, 3, '2'), fc.integer()),
    staff_id: author,
    extra: fc.string({ maxLength: 4 }),
  },
  { requiredKeys: ['title', 'body', 'patient_id'] },
);

/** JSON text: a note (flat, wrapped, or both), or one with a second author key added raw. */
const jsonBody = fc.oneof(
  noteFields.map((note) => JSON.stringify(note)),
  noteFields.map((note) => JSON.stringify({ note })),
  fc.tuple(noteFields, noteFields).map(([flat, note]) => JSON.stringify({ ...flat, note })),
  fc.tuple(noteFields, fc.constantFrom('"staff_id":29', '"staff\\u005fid":29', '"STAFF_ID":29', '"staff_id ":29')).map(
    ([note, extra]) => `${JSON.stringify(note).slice(0, -1)},${extra}}`,
  ),
  fc.json({ maxDepth: 3 }),
);

const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: jsonBody.map((text) => Buffer.from(text)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.concat([PNG, Buffer.from(bytes)])) },
  { weight: 1, arbitrary: fc.constantFrom(Buffer.from(SMUGGLED), Buffer.concat([PNG, Buffer.from(`\r\n${SMUGGLED}`)]), Buffer.from('staff_id=29&title=t')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
);

const contentType = fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'image/png', 'image/jpeg', 'application/dicom'),
  fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=b', 'application/octet-stream', 'text/plain', 'application/json; charset=latin1', 'APPLICATION/JSON'),
  fc.constant(undefined),
);

/** Headers clients send to steer proxies and legacy. */
const extraHeaders = fc.dictionary(
  fc.constantFrom('x-forwarded-for', 'x-forwarded-host', 'forwarded', 'x-real-ip', 'via', 'x-http-method-override', 'cookie', 'idempotency-key', 'x-request-id', 'transfer-encoding', 'expect', 'x-anything'),
  fc.constantFrom('6.6.6.6', 'DELETE', 'evil.example', 'chunked', '100-continue', 'k-1', 'session=1'),
  { maxKeys: 4 },
);

const member = fc.constantFrom('alice', 'bob', 'carol');

/** One request: method, path with query, content type, extra headers and body. */
interface Attempt {
  readonly verb: string;
  readonly target: string;
  readonly type: string | undefined;
  readonly extra: Record<string, string>;
  readonly bytes: Buffer | undefined;
}

const title = fc.oneof(fc.constant('Check-up'), fc.string({ minLength: 1, maxLength: 20 }), fc.constant('staff_id'));
const text = fc.oneof(fc.constant('All well'), fc.string({ minLength: 1, maxLength: 40 }), fc.constant(SMUGGLED));

/** Nearly valid notes (the author is what varies), so the forwarding path is exercised, not only refusals. */
const likelyNote: fc.Arbitrary<Attempt> = fc
  .record({
    target: fc.constantFrom('/notes', '/notes.json', '/%6Eotes', '//notes/'),
    type: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
    note: fc.record({ title, body: text, patient_id: fc.constantFrom(1, 2, 3, '2'), staff_id: author }, { requiredKeys: ['title', 'body', 'patient_id'] }),
    wrapped: fc.boolean(),
  })
  .map(({ target, type, note, wrapped }) => ({ verb: 'POST', target, type, extra: {}, bytes: Buffer.from(JSON.stringify(wrapped ? { note } : note)) }));

/** A signature that is also the start of a request line, or a DICOM preamble that is one. */
const requestShapedHead = fc.constantFrom(
  { type: 'image/gif', head: Buffer.from('GIF89a / HTTP/1.1\r\nHost: legacy\r\n\r\n') },
  { type: 'image/gif', head: Buffer.from('GIF87a') },
  { type: 'image/webp', head: Buffer.from('RIFFabcdWEBP / http/1.0\r\n\r\n') },
  { type: 'image/webp', head: Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ') },
  {
    type: 'application/dicom',
    head: Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nX-Pad: '.padEnd(128, 'a')), Buffer.from('DICM\r\n\r\n')]),
  },
  { type: 'application/dicom', head: Buffer.concat([Buffer.alloc(128, 0x20), Buffer.from('DICM')]) },
);

/** Images, some with a smuggled request after a valid signature or inside one. */
const likelyScreen: fc.Arbitrary<Attempt> = fc
  .record({
    id: fc.constantFrom(1, 2, 3),
    start: fc.oneof(fc.constant({ type: 'image/png', head: PNG }), requestShapedHead),
    tail: fc.oneof(fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)), fc.constant(Buffer.from(`\r\n${SMUGGLED}`))),
  })
  .map(({ id, start, tail }) => ({ verb: 'POST', target: `/patients/${id}/screen`, type: start.type, extra: {}, bytes: Buffer.concat([start.head, tail]) }));

const likelyRead: fc.Arbitrary<Attempt> = fc
  .record({ verb: fc.constantFrom('GET', 'HEAD'), target: fc.constantFrom('/patients', '/patients/1', '/patients/2.json', '/patients/3/notes', '/patients/1/notes.json') })
  .map(({ verb, target }) => ({ verb, target, type: undefined, extra: {}, bytes: undefined }));

const anything: fc.Arbitrary<Attempt> = fc
  .record({ verb: method, path, search: query, type: contentType, extra: extraHeaders, bytes: body })
  .map(({ verb, path: target, search, type, extra, bytes }) => ({ verb, target: target + search, type, extra, bytes }));

const attempt = fc.oneof(
  { weight: 3, arbitrary: likelyNote },
  { weight: 2, arbitrary: likelyScreen },
  { weight: 1, arbitrary: likelyRead },
  { weight: 4, arbitrary: anything },
);

describe('property: nothing reaches legacy except an allow-listed route, with a re-serialised body whose author is the caller', () => {
  let upstream: RecordingUpstream;
  let rig: GatewayRig;
  let auth: Record<string, { header: string; legacyId: number | null }>;

  beforeAll(async () => {
    upstream = await startRecordingUpstream();
    // No read cache to speak of: every allowed read reaches the recording upstream.
    rig = await startGatewayRig({ legacyUrl: upstream.url, cache: { ttlMs: 1, maxStaleMs: 0 } });
    const bob = await rig.addMember('bob', 29);
    const carol = await rig.addMember('carol', null);
    auth = {
      alice: { header: ALICE_AUTH, legacyId: ALICE_LEGACY_ID },
      bob: { header: bob.auth, legacyId: 29 },
      carol: { header: carol.auth, legacyId: null },
    };
  });

  afterAll(async () => {
    await rig.close();
    await upstream.close();
  });

  const assertAllowed = (sent: RecordedRequest, legacyId: number | null): void => {
    const [target, query] = sent.url.split('?');
    expect(query).toBeUndefined();
    expect(LEGACY_ROUTES.some((route) => route.method === sent.method && route.path.test(target!))).toBe(true);
    for (const name of Object.keys(sent.headers)) expect(HEADERS_LEGACY_MAY_SEE.has(name)).toBe(true);
    if (sent.method === 'GET') {
      expect(sent.body.length).toBe(0);
      return;
    }
    if (target === '/notes') {
      const text = sent.body.toString('utf8');
      const note = JSON.parse(text) as Record<string, unknown>;
      expect(JSON.stringify(note)).toBe(text);
      expect(Object.keys(note).sort()).toEqual(NOTE_FIELDS);
      expect(legacyId).not.toBeNull();
      expect(note.staff_id).toBe(legacyId);
      return;
    }
    const type = SCREENING_IMAGE_TYPES.find((t) => t.mediaType === sent.headers['content-type']);
    expect(type).toBeDefined();
    expect(type!.matches(sent.body)).toBe(true);
    // Should legacy leave it unread, the body's first line cannot be taken for a request line.
    const firstLine = sent.body.toString('latin1').split('\n', 1)[0]!;
    expect(firstLine).not.toMatch(/http\//i);
    if (type!.mediaType === 'application/dicom') expect(sent.body.subarray(0, 128)).toEqual(Buffer.alloc(128));
  };

  it('holds for arbitrary methods, paths, headers and bodies sent as any member', async () => {
    const reached: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(member, attempt, async (who, { verb, target, type, extra, bytes }) => {
        upstream.received.length = 0;
        const headers: Record<string, string> = { ...extra, authorization: auth[who]!.header };
        if (type !== undefined) headers['content-type'] = type;
        const response = await rig.handler(v2Event({ method: verb, path: target, headers, ...(bytes !== undefined && { body: bytes }) }));
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 400) expect(response.headers['content-type']).toMatch(/^application\/json/);
        for (const sent of upstream.received) {
          assertAllowed(sent, auth[who]!.legacyId);
          const key = `${sent.method} ${sent.url.replace(/\d+/g, '{id}')}`;
          reached[key] = (reached[key] ?? 0) + 1;
        }
      }),
      { numRuns: 1000 },
    );
    // The generators must exercise the forwarding path, not only refusals.
    expect(reached['POST /notes']).toBeGreaterThan(10);
    expect(reached['POST /patients/{id}/screen']).toBeGreaterThan(10);
    expect(reached['GET /patients/{id}']).toBeGreaterThan(10);
  });
});
