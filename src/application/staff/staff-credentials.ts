/** A login as the transport delivered it (HTTP Basic, a CLI prompt): checked, never stored. */
export interface StaffCredentials {
  readonly username: string;
  readonly password: string;
}

/** Where a login attempt comes from, as far as the transport can vouch for it. */
export interface LoginContext {
  /** The caller's IP address (see the HTTP adapter's `clientAddressOf`), or `unknown`. */
  readonly address: string;
}

export const UNKNOWN_ADDRESS: LoginContext = { address: 'unknown' };
