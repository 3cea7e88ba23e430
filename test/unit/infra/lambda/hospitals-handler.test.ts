import { handler } from '../../../../src/infra/lambda/hospitals';
import { v1Event, v2Event } from '../../../support/api-gateway-events';

describe('Lambda entry point src/infra/lambda/hospitals.ts', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('builds the app from the environment on first use and answers v1 and v2 events', async () => {
    process.env.HOSP_STORE = 'memory';
    process.env.HOSP_PUBLIC_BASE_URL = 'https://api.hosp.example';
    const writes = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const context = { awsRequestId: 'aws-1' } as never;
      const v2 = await handler(v2Event({ method: 'GET', path: '/hospitals' }), context);
      expect(v2.statusCode).toBe(401);
      expect(v2.headers['www-authenticate']).toBe('Basic realm="hosp", charset="UTF-8"');
      const doc = await handler(v1Event({ method: 'GET', path: '/openapi.json' }), context);
      expect(doc.statusCode).toBe(200);
      expect(JSON.parse(doc.body).servers).toEqual([{ url: 'https://api.hosp.example' }]);
    } finally {
      writes.mockRestore();
    }
  });
});
