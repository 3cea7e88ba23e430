import { scryptSync } from 'node:crypto';
import { OWASP_SCRYPT_PARAMS, ScryptPasswordHasher } from '../../../../src/adapters/crypto/scrypt-password-hasher';

const cheap = () => new ScryptPasswordHasher({ N: 16, r: 1, p: 1 });

describe('ScryptPasswordHasher', () => {
  it('uses the OWASP parameters by default and verifies its own hash', async () => {
    const hasher = new ScryptPasswordHasher();
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(OWASP_SCRYPT_PARAMS).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(await hasher.verify('correct horse battery', hash)).toBe(true);
    expect(await hasher.verify('correct horse batterY', hash)).toBe(false);
  });

  it('stores exactly what scrypt derives from the salt, so other tools can check it', async () => {
    const hash = await cheap().hash('pässword');
    const [, , , , salt, key] = hash.split('$');
    const expected = scryptSync('pässword', Buffer.from(salt!, 'base64url'), 32, { N: 16, r: 1, p: 1 });
    expect(Buffer.from(key!, 'base64url').equals(expected)).toBe(true);
  });

  it('salts every hash with 16 random bytes', async () => {
    const hasher = cheap();
    const [a, b] = [await hasher.hash('same password'), await hasher.hash('same password')];
    expect(a).not.toBe(b);
    expect(Buffer.from(a.split('$')[4]!, 'base64url')).toHaveLength(16);
  });

  it('verifies with the parameters stored in the hash, so costs can be raised later', async () => {
    const old = await cheap().hash('old but valid');
    expect(await new ScryptPasswordHasher({ N: 32, r: 2, p: 1 }).verify('old but valid', old)).toBe(true);
  });

  it('treats canonically equivalent Unicode passwords as the same', async () => {
    const hasher = cheap();
    const hash = await hasher.hash('caf\u00e9 au lait!');
    expect(await hasher.verify('cafe\u0301 au lait!', hash)).toBe(true);
  });

  it.each([
    '',
    'plain-text-password',
    'bcrypt$2b$10$abc',
    'scrypt$16$1$1$c2FsdHNhbHRzYWx0c2FsdA$',
    'scrypt$16$1$1$c2FsdHNhbHRzYWx0c2FsdA',
    'scrypt$15$1$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$1$1$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$1048576$8$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$16$1$5$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$016$1$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$16$1$1$c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$16$1$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5',
    'scrypt$16$1$1$c2FsdHNhbHRz+Wx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$16$1$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5$extra',
  ])('returns false, never throws, for the malformed hash %j', async (hash) => {
    await expect(cheap().verify('whatever password', hash)).resolves.toBe(false);
  });

  it('returns false for a non-string hash or password', async () => {
    const hasher = cheap();
    const hash = await hasher.hash('valid password');
    await expect(hasher.verify('valid password', null as unknown as string)).resolves.toBe(false);
    await expect(hasher.verify(undefined as unknown as string, hash)).resolves.toBe(false);
  });
});
