import { EventEmitter } from 'node:events';
import { serve } from '../../../src/adapters/cli/commands/serve';
import { createLegacySimulator, LegacySimulator } from '../../../src/tools/legacy-sim/legacy-simulator';
import { formatBasicCredentials } from '../../../src/adapters/shared/basic-credentials';
import { startApp } from '../../../src/infra/app';
import { serveRuntime } from '../../../src/infra/cli/cli-runtimes';
import { loadConfig } from '../../../src/infra/config/config';
import { TOKENS } from '../../../src/infra/tokens';
import { v2Event } from '../../support/api-gateway-events';
import { fastPasswordHasher } from '../../support/fast-password-hasher';
import { silenceStdout } from '../../support/silence-stdout';

describe('gateway entry points', () => {
  let sim: LegacySimulator;
  beforeEach(async () => {
    sim = await createLegacySimulator();
  });
  afterEach(() => sim.close());

  it('src/infra/lambda/gateway.ts builds the gateway from the environment and authenticates legacy-bound requests', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { HOSP_STORE: 'memory', HOSP_LEGACY_URL: sim.url, HOSP_LEGACY_AUTH: 'legacy:legacy-password' });
    const stdout = silenceStdout();
    try {
      type Api = (event: unknown, context: never) => Promise<{ statusCode: number; body: string }>;
      let handler: Api | undefined;
      jest.isolateModules(() => {
        handler = (require('../../../src/infra/lambda/gateway') as { handler: Api }).handler;
      });
      const context = { awsRequestId: 'aws-1' } as never;
      const health = await handler!(v2Event({ method: 'GET', path: '/' }), context);
      expect(health).toMatchObject({ statusCode: 200, body: 'Server is online.' });
      const denied = await handler!(v2Event({ method: 'GET', path: '/patients' }), context);
      expect(denied.statusCode).toBe(401);
      expect(sim.stats().totalRequests).toBe(0);
    } finally {
      stdout.restore();
      process.env = saved;
    }
  });

  it('`hosp serve` serves the gateway when HOSP_LEGACY_URL is set', async () => {
    const app = await startApp(
      loadConfig({ HOSP_STORE: 'memory', HOSP_PORT: '0', HOSP_LEGACY_URL: sim.url, HOSP_LEGACY_AUTH: 'legacy:legacy-password' }),
      { configure: (c) => void c.rebind(TOKENS.PasswordHasher).toConstantValue(fastPasswordHasher()) },
    );
    const out: string[] = [];
    const stdout = silenceStdout();
    const serving = await serve({
      open: async () => serveRuntime(app),
      io: { out: () => undefined, err: (t) => out.push(t), readSecret: async () => '' },
      signals: new EventEmitter() as never,
    });
    try {
      const password = /password: (\S+)/.exec(out.join(''))![1]!;
      const auth = formatBasicCredentials({ username: 'admin', password });
      const patients = await fetch(`${serving.server.url}/patients`, { headers: { authorization: auth } });
      expect(patients.status).toBe(200);
      expect(await patients.json()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Biscuit' })]));
      const hospitals = await fetch(`${serving.server.url}/hospitals`, { headers: { authorization: auth } });
      expect(await hospitals.json()).toEqual([]);
      expect(sim.stats().requests).toEqual({ 'GET /patients': 1 });
    } finally {
      await serving.stop();
      stdout.restore();
    }
  });
});
