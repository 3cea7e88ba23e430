/**
 * A member's share of legacy across the whole fleet: how many forwarded requests one member
 * of staff may have in flight at once, counted where every container sees it (DynamoDB in
 * the composition root). Each container's own `MemberConcurrencyLimit` still orders a
 * member's requests within that container; this bounds the member across containers, where
 * (on Lambda, one request per container) the per-container share never applies.
 */
export interface FleetMemberShare {
  /** A slot for `staffId`, or null when the member stayed at the fleet-wide limit for as long as a claim waits. Call the release once. */
  claim(staffId: number): Promise<(() => Promise<void>) | null>;
}
