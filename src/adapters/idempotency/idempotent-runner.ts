/** One use of an Idempotency-Key: whose it is, what it was sent to, and what was sent. */
export interface IdempotencyRequest {
  /** Whose key it is, e.g. `staff:7`: two members never share a key. */
  readonly scope: string;
  /** What the key was sent to, e.g. `POST /hospitals`. */
  readonly operation: string;
  /** The client's Idempotency-Key. */
  readonly key: string;
  /** The bytes (or text) that were sent: the same key with different ones is refused (422). Hashed, never stored. */
  readonly payload: Buffer | string;
}

/** What a keyed request answered with, and whether that answer was stored by an earlier request. */
export interface IdempotentOutcome<T> {
  readonly value: T;
  readonly replayed: boolean;
  /** The request ran but its value could not be stored: the key stays "in progress" until that expires. */
  readonly unstored?: boolean;
}

/**
 * Runs a request at most once per Idempotency-Key across every process that shares the store:
 * the first runs it; a repeat with the same payload gets its stored value; a repeat while it
 * still runs is refused (409); a different payload under the key is refused (422). A request
 * that fails (throws) leaves nothing behind, so it may be sent again.
 */
export interface IdempotentRunner {
  run<T extends object>(request: IdempotencyRequest, execute: () => Promise<T>): Promise<IdempotentOutcome<T>>;
  /** Replaces the value stored under the key (an outcome learnt later, e.g. by reconciliation). Best effort. */
  replace<T extends object>(request: IdempotencyRequest, value: T): Promise<void>;
  /** Stores `value` under the key, or throws IDEMPOTENCY_UNAVAILABLE: for a record the caller must not go on without. */
  store<T extends object>(request: IdempotencyRequest, value: T): Promise<void>;
}
