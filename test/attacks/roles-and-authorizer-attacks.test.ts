import { v1Event, v2Event } from '../support/api-gateway-events';
import { ALICE_AUTH, ALICE_LEGACY_ID, GatewayRig, startGatewayRig } from '../support/gateway-fixture';
import { wire } from './attack-support';

/**
 * Promise 5 (roles: read-only < staff < admin; hospital changes need admin, legacy patients
 * and notes need staff, by every spelling) and promise 6 (the authorizer trust mode: only the
 * documented context is believed, nothing a client sends can forge one, trust off ignores it).
 */
const JSON_HEADERS = { 'content-type': 'application/json' };

describe('attack: role bypasses through the legacy rows', () => {
  for (const routes of ['*=legacy', 'GET /hospitals=core,/hospitals=legacy']) {
    describe(`HOSP_ROUTES=${routes}`, () => {
      let rig: GatewayRig;
      let reader: { auth: string };
      let nurse: { auth: string };
      beforeAll(async () => {
        rig = await startGatewayRig({ env: { HOSP_ROUTES: routes }, sim: { generate: 3 } });
        reader = await rig.addMember('reader', 41, 'read-only');
        nurse = await rig.addMember('nurse', 42, 'staff');
      });
      afterAll(() => rig.close());

      const WRITES: Array<[string, string, unknown?]> = [
        ['POST', '/hospitals', { name: 'Evil Clinic' }],
        ['POST', '/hospitals.json', { hospital: { name: 'Evil Clinic' } }],
        ['PATCH', '/hospitals/1', { name: 'Renamed' }],
        ['PUT', '/hospitals/1.json', { name: 'Renamed' }],
        ['DELETE', '/hospitals/1', undefined],
        ['DELETE', '/hospitals/1.json', undefined],
        ['delete', '/hospitals/%31', undefined],
        ['patch', '//hospitals//1//', { name: 'Renamed' }],
      ];

      it.each(WRITES)('%s %s as read-only and as staff → 403 (or refused before), legacy unchanged', async (method, path, json) => {
        rig.sim!.clearReceived();
        const before = JSON.stringify(rig.sim!.hospitals());
        for (const who of [reader, nurse]) {
          const event = v2Event({ method, path, headers: { authorization: who.auth, ...(json !== undefined && JSON_HEADERS) }, ...(json !== undefined && { body: JSON.stringify(json) }) });
          const answer = await rig.handler(event);
          expect([403, 404, 405]).toContain(answer.statusCode);
          if (answer.statusCode === 403) expect(JSON.parse(answer.body).error.code).toBe('FORBIDDEN_ROLE');
        }
        expect(JSON.stringify(rig.sim!.hospitals())).toBe(before);
        expect(rig.sim!.received().filter((r) => r.method !== 'GET')).toEqual([]);
      });

      it('read-only members get no patient data by GET, HEAD, .json, lower-case methods or v1 events', async () => {
        rig.sim!.clearReceived();
        const attempts = [
          v2Event({ method: 'GET', path: '/patients', headers: { authorization: reader.auth } }),
          v2Event({ method: 'head', path: '/patients/1.json', headers: { authorization: reader.auth } }),
          v2Event({ method: 'get', path: '/patients/1/notes', headers: { authorization: reader.auth } }),
          v1Event({ method: 'GET', path: '/patients/1/notes.json', headers: { Authorization: reader.auth } }),
          v2Event({ method: 'POST', path: '/notes', headers: { authorization: reader.auth, ...JSON_HEADERS }, body: '{"title":"t","body":"b","patient_id":1}' }),
          v2Event({ method: 'POST', path: '/patients/1/screen', headers: { authorization: reader.auth, 'content-type': 'image/gif' }, body: Buffer.from('GIF89a....') }),
        ];
        for (const event of attempts) {
          const answer = await rig.handler(event);
          expect(answer.statusCode).toBe(403);
          expect(answer.body).not.toMatch(/species|"name"/);
        }
        expect(rig.sim!.received()).toEqual([]);
      });
    });
  }
});

describe('attack: forging the authorizer context', () => {
  let rig: GatewayRig;
  afterEach(() => rig?.close());
  const context = (overrides: Record<string, unknown> = {}) => ({ staffId: 1, username: 'alice', role: 'admin', legacyStaffId: ALICE_LEGACY_ID, ...overrides });

  it('trust on: only the exact documented shape is an identity, and the role and legacy id in it still bind', async () => {
    rig = await startGatewayRig({ env: { HOSP_TRUST_AUTHORIZER: 'true' } });
    const call = (authorizerContext: unknown, method = 'GET', path = '/patients/1', body?: unknown) =>
      rig.handler(v2Event({ method, path, authorizerContext, ...(body !== undefined && { body: JSON.stringify(body), headers: JSON_HEADERS }) }));
    expect((await call(context())).statusCode).toBe(200);
    rig.sim!.clearReceived();
    for (const forged of [
      { verifyInFunction: 'true' },
      { verifyInFunction: 1 },
      { verifyInFunction: true, staffId: 1 },
      { ...context(), verifyInFunction: true },
      { ...context(), isAdmin: true },
      { ...context(), role: 'ADMIN' },
      { ...context(), staffId: '1' },
      { ...context(), legacyStaffId: '28' },
      { ...context(), legacyStaffId: 28.5 },
      JSON.parse('{"staffId":1,"username":"alice","role":"admin","__proto__":{"legacyStaffId":29}}'),
      [context()],
      JSON.stringify(context()),
    ]) {
      const answer = await call(forged);
      expect(answer.statusCode).toBe(401);
    }
    // verifyInFunction without credentials, or with wrong ones: the function verifies, and refuses.
    expect((await call({ verifyInFunction: true })).statusCode).toBe(401);
    const wrong = await rig.handler(v2Event({ method: 'GET', path: '/patients/1', authorizerContext: { verifyInFunction: true }, headers: { authorization: 'Basic YWxpY2U6d3Jvbmc=' } }));
    expect(wrong.statusCode).toBe(401);
    // The context's role and legacy id are what the gateway enforces.
    expect((await call(context({ role: 'read-only' }))).statusCode).toBe(403);
    const unlinked = await call(context({ legacyStaffId: 0 }), 'POST', '/notes', { title: 't', body: 'b', patient_id: 1 });
    expect(JSON.parse(unlinked.body).error.code).toBe('LEGACY_IDENTITY_UNKNOWN');
    const other = await call(context(), 'POST', '/notes', { title: 't', body: 'b', patient_id: 1, staff_id: 29 });
    expect(other.statusCode).toBe(403);
    // REST API (v1) events never carry a context hosp believes.
    const v1 = v1Event({ method: 'GET', path: '/patients/1' });
    const withAuthorizer = { ...v1, requestContext: { ...v1.requestContext, authorizer: { lambda: context(), ...context() } } };
    expect((await rig.handler(withAuthorizer)).statusCode).toBe(401);
    // Over the wire nothing can put a context into the event: every protected request is 401, whatever is sent.
    const overWire = await wire(rig.server.url, {
      path: '/patients/1',
      headers: {
        authorization: ALICE_AUTH,
        'x-amzn-requestcontext': JSON.stringify({ authorizer: { lambda: context() } }),
        'x-apigateway-event': JSON.stringify({ requestContext: { authorizer: { lambda: context() } } }),
        'x-authorizer-context': JSON.stringify(context()),
      },
    });
    expect(overWire.status).toBe(401);
    expect(rig.sim!.received()).toEqual([]);
  });

  it('trust off: an authorizer context is ignored completely, a valid one included', async () => {
    rig = await startGatewayRig();
    for (const ctx of [context(), { verifyInFunction: true }]) {
      const answer = await rig.handler(v2Event({ method: 'GET', path: '/patients/1', authorizerContext: ctx }));
      expect(answer.statusCode).toBe(401);
      const wrong = await rig.handler(v2Event({ method: 'GET', path: '/patients/1', authorizerContext: ctx, headers: { authorization: 'Basic YWxpY2U6d3Jvbmc=' } }));
      expect(wrong.statusCode).toBe(401);
    }
    expect(rig.sim!.received()).toEqual([]);
  });
});
