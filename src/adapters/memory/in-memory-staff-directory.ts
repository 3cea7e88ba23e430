import { alreadyExists, notFound } from '../../domain/errors';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { legacyStaffIdTaken, roleOf, StaffMember, StaffRole } from '../../domain/staff';
import { Timestamp } from '../../domain/timestamp';

/**
 * A member as handed out: a copy, read through the same role rule as a stored record, so a
 * member added by untyped code (or a test standing in for a record from before roles) reads
 * as the DynamoDB adapter would read it.
 */
const copyOf = (member: StaffMember): StaffMember => ({
  ...member,
  role: roleOf(member.role, member.usernameKey),
  legacyStaffId: member.legacyStaffId ?? null,
});

/** Staff members in process memory, keyed by `usernameKey`. Each change is one synchronous step, so it is atomic. */
export class InMemoryStaffDirectory implements StaffDirectory {
  private readonly members = new Map<string, StaffMember>();

  async findByUsername(usernameKey: string): Promise<StaffMember | null> {
    const member = this.members.get(usernameKey);
    return member ? copyOf(member) : null;
  }

  async add(member: StaffMember): Promise<void> {
    const others = [...this.members.values()];
    if (this.members.has(member.usernameKey) || others.some((m) => m.staffId === member.staffId)) throw alreadyExists('Staff member');
    if (member.legacyStaffId != null && others.some((m) => m.legacyStaffId === member.legacyStaffId)) throw legacyStaffIdTaken();
    this.members.set(member.usernameKey, { ...member });
  }

  async setRole(usernameKey: string, role: StaffRole, at: Timestamp): Promise<StaffMember> {
    const next = { ...this.require(usernameKey), role, updatedAt: at };
    this.members.set(usernameKey, next);
    return copyOf(next);
  }

  async linkLegacyIdentity(usernameKey: string, legacyStaffId: number | null, at: Timestamp): Promise<StaffMember> {
    const current = this.require(usernameKey);
    const holder = legacyStaffId === null ? undefined : [...this.members.values()].find((m) => m.legacyStaffId === legacyStaffId);
    if (holder && holder.usernameKey !== usernameKey) throw legacyStaffIdTaken();
    const next = { ...current, legacyStaffId, updatedAt: at };
    this.members.set(usernameKey, next);
    return copyOf(next);
  }

  async list(): Promise<StaffMember[]> {
    return [...this.members.values()].map(copyOf);
  }

  async saveCredentials(member: StaffMember): Promise<void> {
    const current = this.require(member.usernameKey);
    this.members.set(member.usernameKey, {
      ...current,
      passwordHash: member.passwordHash,
      active: member.active,
      updatedAt: member.updatedAt,
    });
  }

  async isEmpty(): Promise<boolean> {
    return this.members.size === 0;
  }

  private require(usernameKey: string): StaffMember {
    const member = this.members.get(usernameKey);
    if (!member) throw notFound('Staff member');
    return member;
  }
}
