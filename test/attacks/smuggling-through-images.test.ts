import { formatBasicCredentials } from '../../src/adapters/shared/basic-credentials';
import { BodyConnections } from '../../src/adapters/legacy/legacy-transport';
import { ALICE_LEGACY_ID, GatewayRig, startGatewayRig } from '../support/gateway-fixture';
import { LegacyRig, SIM_CREDENTIALS, startLegacyRig } from '../support/legacy-fixture';

/**
 * Promise 1, "connection tricks (request smuggling through unread bodies)".
 *
 * Found by the attack review and fixed; the tests below are the promises now.
 *
 * Connection hygiene alone (never reusing a connection whose body legacy may not have read)
 * stops the *gateway's next request* from being glued to leftover bytes — but legacy does
 * not wait for the gateway: when it answers a fast 5xx without
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
 *
 * Two walls now, each tested on its own below:
 *   1. the route table: an image whose first line names an HTTP version is refused (415), and
 *      a DICOM preamble is zeroed before it is sent on;
 *   2. the transport: every request with a body carries `Connection: close` (the default
 *      `bodyConnections`), so legacy stops reading after its answer.
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

const SMUGGLING_IMAGES = [
  ['application/dicom', dicom],
  ['image/gif', gif],
  ['image/webp', webp],
] as const;

/** What legacy ran that hosp did not build: a note, or a call to its debug routes. */
const ranSmuggled = (rig: { sim?: { received(): { target: string }[] } }) =>
  rig.sim!.received().filter((r) => r.target.startsWith('/notes') || r.target.startsWith('/__sim'));

describe('promise: a screening image cannot carry a request to legacy', () => {
  let rig: GatewayRig;
  afterEach(() => rig?.close());

  async function rigWithFailingLegacy(bodyConnections?: BodyConnections) {
    rig = await startGatewayRig({ sim: { roughTransport: true, users: [SIM_CREDENTIALS, MALLORY_LEGACY] }, ...(bodyConnections && { client: { bodyConnections } }) });
    const mallory = await rig.addMember('mallory', MALLORY_LEGACY_ID);
    rig.sim!.setFaults({ failRate: 1 });
    return mallory;
  }

  it.each(SMUGGLING_IMAGES)(
    '%s built to be a request too: legacy runs nothing inside it, however often it fails fast and is retried',
    async (type, build) => {
      const mallory = await rigWithFailingLegacy();
      const first = await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body: build(), headers: { 'content-type': type } });
      expect([415, 503]).toContain(first.status);
      rig.sim!.setFaults({ failRate: 0.5 });
      for (let i = 0; i < 20; i++) await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body: build(), headers: { 'content-type': type } });
      expect(ranSmuggled(rig)).toEqual([]);
      expect(rig.sim!.notes()).toEqual([]);
    },
    30_000,
  );

  it('the route table alone (with the faster reuse-if-clean transport): GIF and WebP request lines are refused, a DICOM preamble arrives zeroed', async () => {
    const mallory = await rigWithFailingLegacy('reuse-if-clean');
    for (const type of ['image/gif', 'image/webp']) {
      const build = SMUGGLING_IMAGES.find(([name]) => name === type)![1];
      const refused = await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body: build(), headers: { 'content-type': type } });
      expect(refused.status).toBe(415);
      expect(refused.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    }
    const debugOnly = Buffer.from('GIF89a / HTTP/1.1\r\nHost: legacy\r\n\r\nGET /__sim/stats HTTP/1.1\r\nHost: legacy\r\n\r\n', 'latin1');
    expect((await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body: debugOnly, headers: { 'content-type': 'image/gif' } })).status).toBe(415);

    rig.sim!.setFaults({ failRate: 0.5 });
    for (let i = 0; i < 10; i++) await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body: dicom(), headers: { 'content-type': 'application/dicom' } });
    const screened = rig.sim!.received().filter((r) => r.method === 'POST' && r.target === '/patients/1/screen');
    expect(screened.length).toBeGreaterThan(0);
    expect(ranSmuggled(rig)).toEqual([]);
    expect(rig.sim!.notes()).toEqual([]);
  }, 30_000);

  it('PNG, JPEG and TIFF cannot start a request line: legacy refuses the leftover bytes with 400 and closes', async () => {
    const mallory = await rigWithFailingLegacy('reuse-if-clean');
    for (const [type, signature] of [
      ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
      ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0])],
      ['image/tiff', Buffer.from([0x49, 0x49, 0x2a, 0x00])],
    ] as const) {
      await rig.send('POST', '/patients/1/screen', { auth: mallory.auth, body: Buffer.concat([signature, Buffer.from(`\r\n${SMUGGLED}\r\n`, 'latin1')]), headers: { 'content-type': type } });
    }
    expect(ranSmuggled(rig)).toEqual([]);
  });
});

describe('promise: the transport alone stops legacy from reading past an unread body', () => {
  let legacy: LegacyRig;
  afterEach(() => legacy?.close());

  it('with the default bodyConnections, a request-shaped body legacy did not read is never run, even sent straight through the client', async () => {
    legacy = await startLegacyRig({ roughTransport: true, users: [SIM_CREDENTIALS, MALLORY_LEGACY] });
    legacy.sim.setFaults({ failRate: 0.5 });
    for (const [type, build] of SMUGGLING_IMAGES) {
      for (let i = 0; i < 10; i++) {
        await legacy.client.send({ method: 'POST', path: '/patients/1/screen', headers: { 'content-type': type }, body: build() }).catch(() => undefined);
      }
    }
    // Legacy did answer some of them without reading the body…
    expect(legacy.sim.received().filter((r) => r.method === 'POST' && !r.bodyRead).length).toBeGreaterThan(0);
    // …and ran nothing that was inside.
    expect(ranSmuggled({ sim: legacy.sim })).toEqual([]);
    expect(legacy.sim.notes()).toEqual([]);
  }, 30_000);

  it('the same bodies through reuse-if-clean show what the default prevents: legacy runs them', async () => {
    legacy = await startLegacyRig({ roughTransport: true, users: [SIM_CREDENTIALS, MALLORY_LEGACY] }, { bodyConnections: 'reuse-if-clean' });
    legacy.sim.setFaults({ failRate: 1 });
    await legacy.client.send({ method: 'POST', path: '/patients/1/screen', headers: { 'content-type': 'image/gif' }, body: gif() }).catch(() => undefined);
    expect(ranSmuggled({ sim: legacy.sim }).length).toBeGreaterThan(0);
  }, 30_000);
});
