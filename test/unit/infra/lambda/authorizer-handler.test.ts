import { formatBasicCredentials } from '../../../../src/adapters/http/basic-credentials';
import { handler } from '../../../../src/infra/lambda/authorizer';
import { v2AuthorizerEvent } from '../../../support/api-gateway-events';

const ORIGIN_SECRET = 'origin-secret-0123456789abcdef';

describe('Lambda entry point src/infra/lambda/authorizer.ts', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('builds the authorizer from the environment on first use, retrying a failed start, and denies what it cannot verify', async () => {
    const lines: string[] = [];
    const writes = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const context = { awsRequestId: 'aws-1' } as never;
      const event = v2AuthorizerEvent({
        method: 'GET',
        path: '/hospitals',
        headers: { authorization: formatBasicCredentials({ username: 'nobody', password: 'no password at all' }), 'x-origin-verify': ORIGIN_SECRET },
      });
      Object.assign(process.env, { HOSP_STORE: 'memory', HOSP_ORIGIN_SECRETS: 'too-short' });
      await expect(handler(event, context)).rejects.toThrow(/HOSP_ORIGIN_SECRETS/);

      process.env.HOSP_ORIGIN_SECRETS = ORIGIN_SECRET;
      expect(await handler(event, context)).toEqual({ isAuthorized: false });
      const withoutOrigin = v2AuthorizerEvent({ method: 'GET', path: '/hospitals', headers: { authorization: 'Basic YTpi' } });
      expect(await handler(withoutOrigin, context)).toEqual({ isAuthorized: false });
      const decisions = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'authorizer decision');
      expect(decisions.map((d) => d.reason)).toEqual(['UNAUTHENTICATED', 'ORIGIN_FORBIDDEN']);
      expect(lines.join('')).not.toContain('no password at all');
    } finally {
      writes.mockRestore();
    }
  });
});
