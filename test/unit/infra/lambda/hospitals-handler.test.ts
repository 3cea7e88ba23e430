import { v1Event, v2Event } from '../../../support/api-gateway-events';
import { silenceStdout } from '../../../support/silence-stdout';

type Api = (event: unknown, context: never) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

describe('Lambda entry point src/infra/lambda/hospitals.ts', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads the environment when loaded (Lambda init) and answers v1 and v2 events', async () => {
    process.env.HOSP_STORE = 'memory';
    process.env.HOSP_PUBLIC_BASE_URL = 'https://api.hosp.example';
    const stdout = silenceStdout();
    try {
      let handler: Api | undefined;
      jest.isolateModules(() => {
        handler = (require('../../../../src/infra/lambda/hospitals') as { handler: Api }).handler;
      });
      // Changed after init: not read any more.
      process.env.HOSP_PUBLIC_BASE_URL = 'https://elsewhere.example';
      const context = { awsRequestId: 'aws-1' } as never;
      const v2 = await handler!(v2Event({ method: 'GET', path: '/hospitals' }), context);
      expect(v2.statusCode).toBe(401);
      expect(v2.headers['www-authenticate']).toBe('Basic realm="hosp", charset="UTF-8"');
      const doc = await handler!(v1Event({ method: 'GET', path: '/openapi.json' }), context);
      expect(doc.statusCode).toBe(200);
      expect(JSON.parse(doc.body).servers).toEqual([expect.objectContaining({ url: 'https://api.hosp.example' })]);
    } finally {
      stdout.restore();
    }
  });
});
