import { v2Event } from '../../support/api-gateway-events';
import { ALICE_AUTH, GatewayRig, startGatewayRig } from '../../support/gateway-fixture';

/** What hosp's authorizer hands on for a member linked to legacy staff id 41 (not alice's 28). */
const DORA = { staffId: 77, username: 'dora', role: 'staff', legacyStaffId: 41 };

describe('the gateway behind API Gateway\'s authorizer (HOSP_TRUST_AUTHORIZER=true)', () => {
  let rig: GatewayRig;
  beforeEach(async () => {
    rig = await startGatewayRig({ env: { HOSP_TRUST_AUTHORIZER: 'true' } });
  });
  afterEach(() => rig?.close());

  const call = (method: string, path: string, init: { context?: unknown; json?: unknown; headers?: Record<string, string> } = {}) =>
    rig.handler(
      v2Event({
        method,
        path,
        headers: { ...init.headers, ...(init.json !== undefined && { 'content-type': 'application/json' }) },
        ...(init.json !== undefined && { body: JSON.stringify(init.json) }),
        ...(init.context !== undefined && { authorizerContext: init.context }),
      }),
      {},
    );

  it('forwards to legacy as the member the context names, with its legacy staff id as the author, and audits it', async () => {
    const created = await call('POST', '/notes', { context: DORA, json: { title: 'Check-up', body: 'All well', patient_id: 1 } });
    expect(created.statusCode).toBe(201);
    expect(rig.sim!.notes().map((n) => n.staff_id)).toEqual([41]);
    const [entry] = rig.audit.all().filter((e) => e.entityType === 'legacy');
    expect(entry).toMatchObject({ action: 'forward', actor: { staffId: 77, username: 'dora' } });
  });

  it('serves core routes from the context too', async () => {
    const created = await call('POST', '/hospitals', { context: { ...DORA, role: 'admin' }, json: { name: 'Trusted Vets' } });
    expect(created.statusCode).toBe(201);
  });

  it('never lets a request without a valid context reach legacy, whatever credentials it carries', async () => {
    const answers = [
      await call('GET', '/patients'),
      await call('GET', '/patients', { headers: { authorization: ALICE_AUTH } }),
      await call('GET', '/patients', { context: { ...DORA, role: 'superuser' } }),
      await call('GET', '/patients', { context: { ...DORA, legacyStaffId: '41' } }),
      // The local server never builds an authorizer context: trust mode there refuses everything.
    ];
    for (const answer of answers) expect(answer.statusCode).toBe(401);
    expect((await rig.send('GET', '/patients')).status).toBe(401);
    expect(rig.sim!.stats().totalRequests).toBe(0);
  });

  it('keeps its health route public', async () => {
    expect((await call('GET', '/')).statusCode).toBe(200);
  });
});
