import { alreadyExists, notFound } from '../../domain/errors';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { countLoginFailure, LockoutPolicy, StaffMember } from '../../domain/staff';
import { Timestamp } from '../../domain/timestamp';

/** Staff members in process memory, keyed by `usernameKey`. Each change is one synchronous step, so it is atomic. */
export class InMemoryStaffDirectory implements StaffDirectory {
  private readonly members = new Map<string, StaffMember>();

  async findByUsername(usernameKey: string): Promise<StaffMember | null> {
    const member = this.members.get(usernameKey);
    return member ? { ...member } : null;
  }

  async add(member: StaffMember): Promise<void> {
    const idTaken = [...this.members.values()].some((m) => m.staffId === member.staffId);
    if (this.members.has(member.usernameKey) || idTaken) throw alreadyExists('Staff member');
    this.members.set(member.usernameKey, { ...member });
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

  async recordLoginFailure(usernameKey: string, at: Timestamp, policy: LockoutPolicy): Promise<StaffMember> {
    const current = this.require(usernameKey);
    const next = countLoginFailure(current, at, policy);
    this.members.set(usernameKey, next);
    return { ...next };
  }

  async recordLoginSuccess(usernameKey: string, at: Timestamp): Promise<void> {
    const current = this.require(usernameKey);
    const expired = current.lockedUntil !== null && Date.parse(current.lockedUntil) <= Date.parse(at);
    this.members.set(usernameKey, { ...current, failedLogins: 0, lockedUntil: expired ? null : current.lockedUntil });
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
