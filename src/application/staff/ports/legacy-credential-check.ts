/** A login to check against legacy HOSP. Held only for the duration of the check; never stored. */
export interface LegacyLogin {
  readonly username: string;
  readonly password: string;
}

/**
 * Asks legacy HOSP whether it accepts a login, so staff can move to hosp without a password
 * reset. `accepted` and `rejected` are legacy's clear answers; when legacy cannot give one
 * (5xx, timeout, open circuit) the check throws UPSTREAM_UNAVAILABLE instead, which is not a
 * failed login.
 */
export interface LegacyCredentialCheck {
  check(login: LegacyLogin): Promise<'accepted' | 'rejected'>;
  /** False when a check started now would be refused as BUSY; advisory. Absent: always room. */
  hasRoom?(): boolean;
}
