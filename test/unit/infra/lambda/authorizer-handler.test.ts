import { formatBasicCredentials } from '../../../../src/adapters/shared/basic-credentials';
import { v2AuthorizerEvent } from '../../../support/api-gateway-events';
import { captureLambdaOutput } from '../../../support/lambda-output';

const ORIGIN_SECRET = 'origin-secret-0123456789abcdef';

describe('Lambda entry point src/infra/lambda/authorizer.ts', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  type Authorizer = (event: unknown, context: never) => Promise<unknown>;
  const load = (): Authorizer => {
    let handler: Authorizer | undefined;
    jest.isolateModules(() => {
      handler = (require('../../../../src/infra/lambda/authorizer') as { handler: Authorizer }).handler;
    });
    return handler!;
  };

  it('reads the environment when loaded; a configuration that is not valid denies everything (fail closed); denies what it cannot verify', async () => {
    const output = captureLambdaOutput();
    const { lines } = output;
    try {
      const context = { awsRequestId: 'aws-1' } as never;
      const event = v2AuthorizerEvent({
        method: 'GET',
        path: '/hospitals',
        headers: { authorization: formatBasicCredentials({ username: 'nobody', password: 'no password at all' }), 'x-origin-verify': ORIGIN_SECRET },
      });
      Object.assign(process.env, { HOSP_STORE: 'memory', HOSP_ORIGIN_SECRETS: 'too-short' });
      const broken = load();
      expect(await broken(event, context)).toEqual({ isAuthorized: false });
      const notStarted = output.logs();
      expect(notStarted.find((entry) => entry.level === 'error' && Array.isArray(entry.problems))?.problems).toEqual([expect.stringMatching(/^HOSP_ORIGIN_SECRETS/)]);
      expect(notStarted.at(-1)).toMatchObject({ msg: 'authorizer decision', decision: 'deny', reason: 'NOT_STARTED', requestId: 'aws-1' });
      lines.length = 0;

      process.env.HOSP_ORIGIN_SECRETS = ORIGIN_SECRET;
      const handler = load();
      expect(await handler(event, context)).toEqual({ isAuthorized: false });
      const withoutOrigin = v2AuthorizerEvent({ method: 'GET', path: '/hospitals', headers: { authorization: 'Basic YTpi' } });
      expect(await handler(withoutOrigin, context)).toEqual({ isAuthorized: false });
      const decisions = output.logs().filter((entry) => entry.msg === 'authorizer decision');
      expect(decisions.map((d) => d.reason)).toEqual(['UNAUTHENTICATED', 'ORIGIN_FORBIDDEN']);
      expect(JSON.stringify(lines)).not.toContain('no password at all');
      // Denied credentials are counted (the missing origin secret is not a credential verdict).
      expect(output.metrics().get('AuthenticationFailures')).toEqual([1]);
    } finally {
      output.restore();
    }
  });
});
