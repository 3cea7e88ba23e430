import { MAX_JSON_DEPTH, parseStrictJson } from '../../../../src/adapters/http/strict-json';
import { HttpError } from '../../../../src/adapters/http/http-error';

const refusal = (text: string): string => {
  try {
    parseStrictJson(text);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).code).toBe('MALFORMED_JSON');
    return (error as HttpError).message;
  }
  throw new Error(`accepted: ${text}`);
};

describe('parseStrictJson: RFC 8259 JSON, with nothing two parsers could read differently', () => {
  it('reads what JSON.parse reads for ordinary documents', () => {
    for (const text of ['{"a":1,"b":[true,false,null],"c":{"d":"e"}}', '[]', '"text"', '12.5e3', '{"emoji":"\\ud83d\\ude00"}']) {
      expect(parseStrictJson(text)).toEqual(JSON.parse(text));
    }
  });

  it('refuses a key repeated in one object, however it is spelt', () => {
    expect(refusal('{"staff_id":1,"staff_id":2}')).toMatch(/repeats the key "staff_id"/);
    expect(refusal('{"staff_id":1,"staff\\u005fid":2}')).toMatch(/repeats the key "staff_id"/);
    expect(refusal('{"note":{"a":1,"\\u0061":2}}')).toMatch(/repeats the key "a"/);
    expect(parseStrictJson('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('keeps __proto__ an ordinary key: no object gets another prototype', () => {
    const value = parseStrictJson('{"__proto__":{"polluted":true},"constructor":{"prototype":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses nesting deeper than the limit before parsing, however deep', () => {
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(() => parseStrictJson(ok)).not.toThrow();
    expect(refusal('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toMatch(/nested more than/);
    expect(refusal('['.repeat(100_000))).toMatch(/nested more than/);
  });

  it('refuses what is not JSON: trailing commas, comments, single quotes, NaN, leading zeros, two documents', () => {
    for (const text of ['{"a":1,}', '{"a":1}//', "{'a':1}", '{"a":NaN}', '{"a":01}', '{"a":1}{"b":2}', '', '{"a":"\u0001"}']) {
      expect(refusal(text)).toBe('The body is not well-formed JSON.');
    }
  });

  it('refuses text that cannot be UTF-8: raw or escaped lone surrogates, in values and keys', () => {
    expect(refusal('{"a":"\ud800"}')).toMatch(/not valid Unicode/);
    expect(refusal('{"a":"\\ud800"}')).toMatch(/not valid Unicode/);
    expect(refusal('{"\\udc00":1}')).toMatch(/not valid Unicode/);
  });

  it('refuses numbers a double cannot hold', () => {
    expect(refusal('{"n":1e400}')).toMatch(/too large/);
  });
});
