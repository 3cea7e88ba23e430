/** One-way password hashing. Hashes are self-describing strings so parameters can grow. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time comparison; false (never an error) for a malformed hash. */
  verify(password: string, hash: string): Promise<boolean>;
}
