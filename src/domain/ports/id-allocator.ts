/**
 * Hands out positive integer ids that are never handed out twice, by this instance or any
 * other sharing the same store, and are always above the highest id ever seeded.
 */
export interface IdAllocator {
  next(): Promise<number>;
  /** Makes sure every future id is above `highestUsed`; never lowers the counter. */
  seedAbove(highestUsed: number): Promise<void>;
}

/** Allocator for hospital ids. */
export type HospitalIdAllocator = IdAllocator;

/** Allocator for staff ids. */
export type StaffIdAllocator = IdAllocator;
