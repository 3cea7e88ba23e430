/** One-way password hashing. Hashes are self-describing strings so parameters can grow. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time comparison; false (never an error) for a malformed hash. */
  verify(password: string, hash: string): Promise<boolean>;
  /**
   * False when a check started now would be refused as BUSY (a bounded hasher with every slot
   * and queue place taken). Lets a caller refuse before doing other work for it. Advisory: a
   * check may still be refused when it starts. Absent: always room.
   */
  hasRoom?(): boolean;
}
