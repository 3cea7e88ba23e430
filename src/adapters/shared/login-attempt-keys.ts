import { createHmac, randomBytes } from 'node:crypto';

/** The three keys a login attempt is counted under, each an HMAC: no name or address in clear. */
export interface LoginAttemptKeys {
  readonly accountAddress: string;
  readonly address: string;
  readonly account: string;
}

/**
 * Derives the keys of the login-attempt counters with a secret key (HMAC-SHA-256), so the
 * store holds neither the usernames that were tried nor the callers' addresses: reading the
 * counters tells nothing without the secret. The three kinds are domain-separated.
 */
export class LoginAttemptKeyer {
  constructor(private readonly secret: Buffer = randomBytes(32)) {
    if (secret.length < 16) throw new RangeError('the login attempt key must have at least 16 bytes');
  }

  keys(usernameKey: string, address: string): LoginAttemptKeys {
    return {
      accountAddress: this.mac(`account+address\u0000${usernameKey}\u0000${address}`),
      address: this.mac(`address\u0000${address}`),
      account: this.mac(`account\u0000${usernameKey}`),
    };
  }

  private mac(text: string): string {
    return createHmac('sha256', this.secret).update(text, 'utf8').digest('base64url');
  }
}
