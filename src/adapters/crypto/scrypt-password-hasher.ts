import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';
import { PasswordHasher } from '../../application/staff/ports/password-hasher';

/** scrypt cost parameters, stored in every hash so they can be raised later without breaking old hashes. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
}

/** OWASP Password Storage Cheat Sheet minimum for scrypt: N=2^17, r=8, p=1 (128 MiB per hash). */
export const OWASP_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PREFIX = 'scrypt';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DECIMAL = /^[1-9][0-9]{0,9}$/;

/**
 * Limits on parameters read back from a stored hash, so a corrupted hash cannot exhaust
 * memory or CPU: 4x the OWASP memory (512 MiB) and p ≤ 4. Raise them with the defaults.
 */
const MAX_MEMORY_BYTES = 512 * 1024 * 1024;
const MAX_P = 4;

/** scrypt needs 128·N·r bytes; Node's default `maxmem` (32 MiB) is too small for OWASP parameters. */
const maxmemFor = ({ N, r, p }: ScryptParams): number => 128 * N * r + 128 * r * p + 1024 * 1024;

function derive(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: maxmemFor(params) };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

interface ParsedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function parseHash(hash: string): ParsedHash | null {
  if (typeof hash !== 'string') return null;
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return null;
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  if (![n, r, p].every((v) => DECIMAL.test(v)) || !BASE64URL.test(salt) || !BASE64URL.test(key)) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || 128 * params.N * params.r > MAX_MEMORY_BYTES || params.p > MAX_P) return null;
  const saltBytes = Buffer.from(salt, 'base64url');
  const keyBytes = Buffer.from(key, 'base64url');
  if (saltBytes.length < SALT_BYTES || keyBytes.length < 16 || keyBytes.length > 64) return null;
  return { params, salt: saltBytes, key: keyBytes };
}

/**
 * Password hashing with node:crypto scrypt. Hashes read `scrypt$N$r$p$salt$key` (salt and key
 * in base64url), so verification always uses the parameters the hash was made with.
 * Passwords are NFC-normalised first, so the same typed password always matches.
 */
export class ScryptPasswordHasher implements PasswordHasher {
  /** @param params cost for new hashes; tests pass a cheap N, production keeps the OWASP default. */
  constructor(private readonly params: ScryptParams = OWASP_SCRYPT_PARAMS) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, KEY_BYTES, this.params);
    const { N, r, p } = this.params;
    return [PREFIX, N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, hash: string): Promise<boolean> {
    const parsed = parseHash(hash);
    if (!parsed || typeof password !== 'string') return false;
    try {
      const key = await derive(password, parsed.salt, parsed.key.length, parsed.params);
      return timingSafeEqual(key, parsed.key);
    } catch {
      return false;
    }
  }
}
