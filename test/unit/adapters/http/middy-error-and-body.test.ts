import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { contractErrorOf } from '../../../../src/adapters/http/error-status';
import { prettyLine } from '../../../../src/adapters/observability/json-log';
import { errorSafetyNet } from '../../../../src/adapters/http/middlewares/error-contract';
import { assertStrictJson, parseStrictJson } from '../../../../src/adapters/http/strict-json';

// Issue 15: the design card's @middy/http-json-body-parser and @middy/http-error-handler, used
// where they fit the API's contract.

async function parserError(headers: Record<string, string>, body: string): Promise<unknown> {
  try {
    await httpJsonBodyParser().before!({ event: { headers, body } } as never);
  } catch (error) {
    return error;
  }
  throw new Error('the parser accepted it');
}

describe("@middy/http-json-body-parser's errors, mapped to the contract", () => {
  it('malformed JSON (which it answers 415) is 400 MALFORMED_JSON', async () => {
    const error = await parserError({ 'content-type': 'application/json' }, '{"name":');
    expect(error).toMatchObject({ statusCode: 415 });
    expect(contractErrorOf(error)).toEqual({ status: 400, code: 'MALFORMED_JSON', message: 'The body is not well-formed JSON.', headers: {} });
  });

  it('a body that is not JSON stays 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const error = await parserError({ 'content-type': 'text/plain' }, 'hello');
    expect(contractErrorOf(error)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('anything else is unexpected (undefined: a logged, generic 500)', () => {
    expect(contractErrorOf(new Error('boom'))).toBeUndefined();
    expect(contractErrorOf({ statusCode: 415, cause: { package: 'something-else' } })).toBeUndefined();
  });
});

describe('assertStrictJson, the guard in front of the parser', () => {
  it.each([
    ['a repeated key', '{"a":1,"a":2}', /repeats the key "a"/],
    ['a repeated key, escaped', '{"staff_id":1,"staff\\u005fid":2}', /repeats the key "staff_id"/],
    ['a number beyond a double', '{"n":1e999}', /too large/],
    ['a lone surrogate', '{"s":"\\ud800"}', /not valid Unicode/],
    ['nesting deeper than 32', `${'['.repeat(33)}${']'.repeat(33)}`, /nested more than 32/],
    ['text that is not JSON', "{'a':1}", /not well-formed JSON/],
  ])('refuses %s, as parseStrictJson does', (_, text, message) => {
    expect(() => assertStrictJson(text)).toThrow(message);
    expect(() => parseStrictJson(text)).toThrow(message);
  });

  it('accepts what JSON.parse then builds the same as parseStrictJson', () => {
    const text = '{"name":"Clinic","__proto__":{"admin":true},"list":[1,2.5,null,true,"x"]}';
    expect(() => assertStrictJson(text)).not.toThrow();
    expect(JSON.parse(text)).toEqual(parseStrictJson(text));
  });
});

describe('@middy/http-error-handler as the safety net', () => {
  it('answers the JSON contract 500 (application/json) when nothing else answered', async () => {
    const handler = middy(async () => {
      throw new Error('secret internals');
    }).use(errorSafetyNet());
    const response = (await handler({}, {} as never)) as { statusCode: number; headers: Record<string, string>; body: string };
    expect(response.statusCode).toBe(500);
    expect(response.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'INTERNAL_ERROR', message: expect.any(String), requestId: 'unknown' } });
    expect(response.body).not.toContain('secret');
  });
});

describe('HOSP_LOG_FORMAT=pretty', () => {
  it('writes a request log entry as one line for people', () => {
    const line = prettyLine({ time: '2026-12-02T01:02:03.456Z', level: 'info', msg: 'http request', method: 'GET', route: 'hospitals.list', status: 200, latencyMs: 3.5, requestId: 'r-1', staff: 'alice smith' });
    expect(line).toBe('01:02:03.456 info  http request GET hospitals.list 200 3.5 ms requestId=r-1 staff="alice smith"\n');
  });
});
