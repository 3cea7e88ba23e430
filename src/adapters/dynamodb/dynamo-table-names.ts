/** The tables hosp uses; names come from configuration so environments can share an account. */
export interface DynamoTableNames {
  readonly hospitals: string;
  readonly counters: string;
  readonly staff: string;
  readonly audit: string;
  /** Failed-login counts (keyed hashes, with a TTL), shared by every process. */
  readonly loginAttempts: string;
  /** Idempotency-Keys (Powertools Idempotency records, with a TTL), shared by every process. */
  readonly idempotency: string;
  /** The fleet's shared level of the legacy read cache (with a TTL). */
  readonly legacyCache: string;
  /** Each member's forwarded requests in flight, fleet-wide (per period, with a TTL). */
  readonly memberShare: string;
}

/** Default names for a prefix, e.g. `hosp-hospitals`. */
export const tableNamesWithPrefix = (prefix: string): DynamoTableNames => ({
  hospitals: `${prefix}hospitals`,
  counters: `${prefix}counters`,
  staff: `${prefix}staff`,
  audit: `${prefix}audit`,
  loginAttempts: `${prefix}login-attempts`,
  idempotency: `${prefix}idempotency`,
  legacyCache: `${prefix}legacy-cache`,
  memberShare: `${prefix}member-share`,
});
