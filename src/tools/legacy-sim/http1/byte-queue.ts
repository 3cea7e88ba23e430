const INITIAL_CAPACITY = 16 * 1024;
/** Above this, an emptied queue gives its storage back instead of keeping it for the connection's life. */
const RETAINED_CAPACITY = 256 * 1024;

/**
 * The bytes a connection has received and not yet consumed, in one contiguous buffer so a
 * request head or a whole body can be parsed in place. Grows by doubling, so taking a large
 * body in many small packets costs linear time.
 */
export class ByteQueue {
  private storage = Buffer.alloc(0);
  private start = 0;
  private end = 0;

  /** Bytes held. */
  get length(): number {
    return this.end - this.start;
  }

  /** The bytes held, without copying: valid only until the next `push` or `consume`. */
  view(): Buffer {
    return this.storage.subarray(this.start, this.end);
  }

  push(chunk: Buffer): void {
    if (this.end + chunk.length > this.storage.length) this.makeRoom(chunk.length);
    chunk.copy(this.storage, this.end);
    this.end += chunk.length;
  }

  /** Drops the first `count` bytes. */
  consume(count: number): void {
    this.start += Math.min(count, this.length);
    if (this.start < this.end) return;
    this.start = this.end = 0;
    if (this.storage.length > RETAINED_CAPACITY) this.storage = Buffer.alloc(0);
  }

  /** A copy of the first `count` bytes, which are then dropped. */
  take(count: number): Buffer {
    const copy = Buffer.from(this.storage.subarray(this.start, this.start + count));
    this.consume(count);
    return copy;
  }

  private makeRoom(extra: number): void {
    const needed = this.length + extra;
    const capacity = needed <= this.storage.length ? this.storage.length : Math.max(INITIAL_CAPACITY, this.storage.length * 2, needed);
    const next = capacity === this.storage.length ? this.storage : Buffer.allocUnsafe(capacity);
    this.storage.copy(next, 0, this.start, this.end);
    this.storage = next;
    this.end = this.length;
    this.start = 0;
  }
}
