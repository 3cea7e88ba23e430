import { createHash, timingSafeEqual } from 'node:crypto';

/** A Basic-auth account the simulator accepts. */
export interface SimAccount {
  readonly username: string;
  readonly password: string;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** A constant-time check of an `Authorization: Basic …` value against every account. */
export function basicAuthCheck(accounts: readonly SimAccount[]): (header: string | undefined) => boolean {
  const expected = accounts.map((a) => digest(`${a.username}:${a.password}`));
  return (header) => {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
    if (!match) return false;
    const offered = digest(Buffer.from(match[1]!, 'base64').toString('utf8'));
    let ok = false;
    for (const account of expected) ok = timingSafeEqual(offered, account) || ok;
    return ok;
  };
}
