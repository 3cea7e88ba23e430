import {
  formatBasicCredentials,
  MAX_AUTHORIZATION_LENGTH,
  parseBasicCredentials,
} from '../../../../src/adapters/shared/basic-credentials';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('parseBasicCredentials (RFC 7617)', () => {
  it('splits at the first colon, so passwords may contain colons', () => {
    expect(parseBasicCredentials(`Basic ${b64('bob:pa:ss:')}`)).toEqual({ username: 'bob', password: 'pa:ss:' });
  });

  it('accepts any case of the scheme and extra spaces', () => {
    expect(parseBasicCredentials(`bAsIc   ${b64('bob:x')}  `)).toEqual({ username: 'bob', password: 'x' });
  });

  it('decodes UTF-8 and allows an empty password', () => {
    expect(parseBasicCredentials(`Basic ${b64('Zoë:')}`)).toEqual({ username: 'Zoë', password: '' });
  });

  it('round-trips with formatBasicCredentials', () => {
    const credentials = { username: 'дмитрий', password: 'пароль:🔑' };
    expect(parseBasicCredentials(formatBasicCredentials(credentials))).toEqual(credentials);
  });

  it.each([
    ['not a string', 42],
    ['missing', undefined],
    ['another scheme', `Bearer ${b64('bob:x')}`],
    ['no colon', `Basic ${b64('bob')}`],
    ['empty username', `Basic ${b64(':secret')}`],
    ['non-canonical base64 (stray padding bits)', 'Basic Ym9iOnh='],
    ['base64 with junk inside', 'Basic Ym9i*Ong='],
    ['invalid UTF-8', `Basic ${Buffer.from([0x62, 0x3a, 0xff, 0xfe]).toString('base64')}`],
    ['too long', `Basic ${'A'.repeat(MAX_AUTHORIZATION_LENGTH)}`],
    ['no credentials', 'Basic '],
  ])('returns null when %s', (_, header) => {
    expect(parseBasicCredentials(header as string)).toBeNull();
  });
});
