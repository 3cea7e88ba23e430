import { createLegacySimulator, LegacySimulator, LegacySimulatorOptions } from '../../../src/tools/legacy-sim/legacy-simulator';
import { RawConnection } from './raw-http-connection';

/**
 * Legacy answers some requests without reading their bodies, and the unread bytes become the
 * start of the next request on the connection (docs/legacy.md, "The simulator's rough
 * transport"). These tests drive the simulator with raw bytes on one connection, the way a
 * front end that reuses connections to legacy would interleave two clients' requests.
 */

const AUTH = `Basic ${Buffer.from('legacy:legacy-password').toString('base64')}`;
const MALLORY = `Basic ${Buffer.from('mallory:not-a-legacy-account').toString('base64')}`;

/** A smuggled note: Rails takes params from the query string, and `X-Ignore: ` swallows the next request line. */
const SMUGGLED_NOTE =
  'POST /notes?note[title]=Prescription&note[body]=Double+the+dose&note[patient_id]=1&note[staff_id]=666 HTTP/1.1\r\n' +
  'Host: legacy\r\n' +
  'Content-Length: 0\r\n' +
  'X-Ignore: ';

const request = (method: string, target: string, headers: Record<string, string | number>, body = ''): string =>
  `${method} ${target} HTTP/1.1\r\n` +
  Object.entries({ Host: 'legacy', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('') +
  `\r\n${body}`;

/** The attacker's request: an unknown route whose body is the smuggled request. */
const attack = (authorization: string) =>
  request('POST', '/unknown', { Authorization: authorization, 'Content-Length': Buffer.byteLength(SMUGGLED_NOTE) }, SMUGGLED_NOTE);
const innocentRead = request('GET', '/patients', { Authorization: AUTH, Accept: 'application/json' });

describe('legacy simulator transport', () => {
  let sim: LegacySimulator;
  const connections: RawConnection[] = [];
  const start = async (options: LegacySimulatorOptions = {}) => {
    sim = await createLegacySimulator(options);
  };
  const connect = async () => {
    const connection = await RawConnection.open(sim.url);
    connections.push(connection);
    return connection;
  };
  afterEach(async () => {
    connections.splice(0).forEach((c) => c.destroy());
    await sim?.close();
  });

  describe('kind (the default for now): every body is read before answering', () => {
    beforeEach(() => start({ roughTransport: false }));

    it('the body of a request answered 404 never becomes a request', async () => {
      const connection = await connect();
      connection.write(attack(AUTH));
      expect((await connection.response()).status).toBe(404);
      connection.write(innocentRead);
      const answer = await connection.response();
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)[0]).toMatchObject({ id: 1, name: 'Biscuit' });
      expect(sim.notes()).toEqual([]);
      expect(sim.received().map((r) => [r.method, r.target, r.bodyRead])).toEqual([
        ['POST', '/unknown', true],
        ['GET', '/patients', true],
      ]);
      expect(sim.received()[0]!.body.toString()).toBe(SMUGGLED_NOTE);
    });

    it('reads the body of a fast 5xx before answering', async () => {
      sim.setFaults({ failRate: 1 });
      const connection = await connect();
      connection.write(request('POST', '/notes', { Authorization: AUTH, 'Content-Length': 13 }, '{"title":"x"}'));
      expect((await connection.response()).status).toBeGreaterThanOrEqual(500);
      sim.setFaults({ failRate: 0 });
      connection.write(innocentRead);
      expect((await connection.response()).status).toBe(200);
    });

    it('answers OPTIONS and TRACE 501 after reading the body', async () => {
      const connection = await connect();
      connection.write(request('OPTIONS', '/hospitals', { 'Content-Length': 18 }, 'GET / HTTP/1.1\r\n\r\n'));
      const options = await connection.response();
      expect(options.status).toBe(501);
      connection.write(request('TRACE', '/', { Authorization: AUTH }));
      expect((await connection.response()).status).toBe(501);
      connection.write(request('GET', '/', {}));
      expect((await connection.response()).text).toBe('Server is online.');
      expect(sim.received().map((r) => [r.method, r.bodyRead])).toEqual([
        ['OPTIONS', true],
        ['TRACE', true],
        ['GET', true],
      ]);
    });
  });

  describe('rough: what legacy answers without reading the body', () => {
    beforeEach(() => start({ roughTransport: true }));

    it('lets a smuggled note ride on the next request, with its credentials and the attacker\'s author', async () => {
      const connection = await connect();
      connection.write(attack(MALLORY));
      const notFound = await connection.response();
      expect(notFound.status).toBe(404);
      connection.write(innocentRead);
      const answer = await connection.response();

      // The innocent client asked for patients and got the smuggled note's 201.
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.text)).toMatchObject({ title: 'Prescription', staff_id: '666' });
      expect(sim.notes()).toEqual([
        expect.objectContaining({ title: 'Prescription', body: 'Double the dose', patient_id: 1, staff_id: '666' }),
      ]);
      const [unknown, smuggled] = sim.received();
      expect(unknown).toMatchObject({ method: 'POST', target: '/unknown', bodyRead: false });
      expect(smuggled).toMatchObject({ method: 'POST', target: expect.stringMatching(/^\/notes\?/) });
      expect(smuggled!.headers).toEqual([
        ['Host', 'legacy'],
        ['Content-Length', '0'],
        ['X-Ignore', 'GET /patients HTTP/1.1'],
        ['Host', 'legacy'],
        ['Authorization', AUTH],
        ['Accept', 'application/json'],
      ]);
      expect(sim.received()).toHaveLength(2);
      expect(sim.stats().requests).toEqual({ 'POST (unrouted)': 1, 'POST /notes': 1 });
    });

    it("serves the next client an HTML 400 quoting the previous client's note after a fast 5xx", async () => {
      sim.setFaults({ failRate: 1 });
      const note = JSON.stringify({ title: 'Biopsy results', body: 'Malignant, tell the owner gently', patient_id: 2, staff_id: 3 });
      const connection = await connect();
      connection.write(request('POST', '/notes', { Authorization: AUTH, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(note) }, note));
      expect((await connection.response()).status).toBeGreaterThanOrEqual(500);
      sim.setFaults({ failRate: 0 });

      connection.write(innocentRead);
      const answer = await connection.response();
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.headers.connection).toBe('close');
      expect(answer.text).toContain(`Bad request syntax ('{"title":"Biopsy results","body":"Malignant, tell the owner gently"`);
      expect(answer.text).toContain(`GET /patients HTTP/1.1')`);
      expect(await connection.waitForClose()).toBe(true);
      expect(sim.notes()).toEqual([]);
      expect(sim.received().map((r) => [r.method, r.target, r.bodyRead])).toEqual([['POST', '/notes', false]]);
    });

    it('quotes the offending line the way Python repr() does, cut to 200 characters', async () => {
      const connection = await connect();
      connection.write(Buffer.from(`it's "quoted"\t\x01\xe9${'x'.repeat(300)}\r\n\r\n`, 'latin1'));
      const answer = await connection.response();
      expect(answer.status).toBe(400);
      expect(answer.text).toContain(`Bad request syntax ('it\\'s "quoted"\\t\\x01\xe9${'x'.repeat(200 - 16)}').`);
    });

    it('answers an unknown method 501 without reading the body, which then runs as a request', async () => {
      const connection = await connect();
      connection.write(request('OPTIONS', '/hospitals', { 'Content-Length': 18 }, 'GET / HTTP/1.1\r\n\r\n'));
      const options = await connection.response();
      expect(options.status).toBe(501);
      expect(options.text).toContain("Unsupported method ('OPTIONS')");
      // One request written, two answered: the body was a request of its own.
      const health = await connection.response();
      expect(health).toMatchObject({ status: 200, text: 'Server is online.' });
      expect(sim.received().map((r) => [r.method, r.target, r.bodyRead])).toEqual([
        ['OPTIONS', '/hospitals', false],
        ['GET', '/', true],
      ]);
    });

    it('echoes TRACE with the Authorization header', async () => {
      const connection = await connect();
      const trace = request('TRACE', '/hospitals?x=1', { Authorization: AUTH, 'X-Forwarded-For': '10.0.0.7' });
      connection.write(trace);
      const echo = await connection.response();
      expect(echo.status).toBe(200);
      expect(echo.headers['content-type']).toBe('message/http');
      expect(echo.text).toBe(trace);
      expect(echo.text).toContain(`Authorization: ${AUTH}`);
    });

    it('still reads the body of every other answer, 401 included', async () => {
      const connection = await connect();
      connection.write(request('POST', '/notes', { Authorization: MALLORY, 'Content-Length': 18 }, 'GET / HTTP/1.1\r\n\r\n'));
      expect((await connection.response()).status).toBe(401);
      connection.write(request('POST', '/hospitals', { Authorization: AUTH, 'Content-Length': 15 }, '{"name":"Oaks"}'));
      expect((await connection.response()).status).toBe(201);
      expect(sim.received().map((r) => r.bodyRead)).toEqual([true, true]);
    });
  });
});
