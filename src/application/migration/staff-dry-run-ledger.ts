import { alreadyExists } from '../../domain/errors';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { StaffMember, StaffRole } from '../../domain/staff';

/** What a dry run needs to know of an account, existing or one it would have created. */
export type LedgerMember = Pick<StaffMember, 'usernameKey' | 'role' | 'legacyStaffId'> & { readonly staffId: number | null };

/**
 * The staff directory as a staff import would leave it, kept in memory by a dry run: the
 * accounts that exist, plus the ones the run would have created or linked. It refuses what
 * the directory would refuse (a taken username, staff id or legacy id, as ALREADY_EXISTS),
 * so a dry run reports the same conflicts as the real run, including rows of the file that
 * clash with each other. Reads the whole directory once (staff counts are in the hundreds).
 */
export class StaffDryRunLedger {
  private readonly byUsername = new Map<string, LedgerMember>();
  private readonly staffIds = new Set<number>();
  private readonly legacyIds = new Map<number, string>();

  private constructor(members: readonly LedgerMember[]) {
    for (const member of members) this.remember(member);
  }

  static async of(directory: Pick<StaffDirectory, 'list'>): Promise<StaffDryRunLedger> {
    return new StaffDryRunLedger(await directory.list());
  }

  find(usernameKey: string): LedgerMember | null {
    return this.byUsername.get(usernameKey) ?? null;
  }

  /** As StaffDirectory.add: ALREADY_EXISTS if the username, the staff id or the legacy id is taken. */
  add(member: { usernameKey: string; staffId?: number; legacyStaffId?: number; role?: StaffRole }): void {
    const taken =
      this.byUsername.has(member.usernameKey) ||
      (member.staffId !== undefined && this.staffIds.has(member.staffId)) ||
      (member.legacyStaffId !== undefined && this.legacyIds.has(member.legacyStaffId));
    if (taken) throw alreadyExists('Staff member');
    this.remember({ usernameKey: member.usernameKey, staffId: member.staffId ?? null, legacyStaffId: member.legacyStaffId ?? null, role: member.role ?? 'staff' });
  }

  /** As StaffDirectory.linkLegacyIdentity: ALREADY_EXISTS if another account holds the legacy id. */
  link(usernameKey: string, legacyStaffId: number): void {
    const holder = this.legacyIds.get(legacyStaffId);
    if (holder !== undefined && holder !== usernameKey) throw alreadyExists('Staff member');
    const member = this.byUsername.get(usernameKey);
    if (member) this.remember({ ...member, legacyStaffId });
  }

  private remember(member: LedgerMember): void {
    this.byUsername.set(member.usernameKey, member);
    if (member.staffId !== null) this.staffIds.add(member.staffId);
    if (member.legacyStaffId !== null) this.legacyIds.set(member.legacyStaffId, member.usernameKey);
  }
}
