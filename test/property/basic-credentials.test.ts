import fc from 'fast-check';
import { formatBasicCredentials, parseBasicCredentials } from '../../src/adapters/shared/basic-credentials';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Any well-formed Unicode without a colon or control characters, as RFC 7617 user-ids must be. */
const username = fc
  .string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 40 })
  .filter((s) => !s.includes(':') && !CONTROL.test(s));

/** Passwords may hold anything encodable as UTF-8, colons included. */
const password = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(':', ' ', '=', 'a', 'é', '🔑'), maxLength: 20 }),
);

describe('Basic credentials', () => {
  it('parsing a formatted header gives back the same username and password', () => {
    fc.assert(
      fc.property(username, password, (u, p) => {
        expect(parseBasicCredentials(formatBasicCredentials({ username: u, password: p }))).toEqual({ username: u, password: p });
      }),
      { numRuns: 500 },
    );
  });

  it('any header that parses re-formats to an equivalent header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.constantFrom('Basic ', 'basic ', 'BASIC  '), (bytes, scheme) => {
        const header = scheme + Buffer.from(bytes).toString('base64');
        const parsed = parseBasicCredentials(header);
        if (parsed) expect(parseBasicCredentials(formatBasicCredentials(parsed))).toEqual(parsed);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary header text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string().map((s) => `Basic ${s}`)), (header) => {
        const parsed = parseBasicCredentials(header);
        expect(parsed === null || typeof parsed.username === 'string').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
