import { ScryptPasswordHasher } from '../../src/adapters/crypto/scrypt-password-hasher';

/** The real scrypt hasher with a cheap cost, so tests that hash many passwords stay fast. Never use outside tests. */
export const fastPasswordHasher = (): ScryptPasswordHasher => new ScryptPasswordHasher({ N: 16, r: 1, p: 1 });
