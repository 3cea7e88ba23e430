import { IdAllocator } from '../../domain/ports/id-allocator';

/** A counter in process memory; unique within the process, which is all the in-memory store needs. */
export class InMemoryIdAllocator implements IdAllocator {
  private highest: number;

  /** @param highestUsed ids at or below this are never handed out. */
  constructor(highestUsed = 0) {
    this.highest = Math.max(0, Math.trunc(highestUsed));
  }

  async next(): Promise<number> {
    if (this.highest >= Number.MAX_SAFE_INTEGER) throw new RangeError('Id space exhausted.');
    this.highest += 1;
    return this.highest;
  }

  async seedAbove(highestUsed: number): Promise<void> {
    this.highest = Math.max(this.highest, Math.trunc(highestUsed));
  }
}
