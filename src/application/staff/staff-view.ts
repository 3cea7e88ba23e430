import { StaffMember, StaffRole } from '../../domain/staff';

/** What may be shown or audited of a member of staff: everything but the password hash and counters. */
export interface StaffView {
  readonly staffId: number;
  readonly username: string;
  readonly active: boolean;
  readonly role: StaffRole;
  /** The member's staff id in legacy HOSP; null when not linked. */
  readonly legacyStaffId: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const toStaffView = (m: StaffMember): StaffView => ({
  staffId: m.staffId,
  username: m.username,
  active: m.active,
  role: m.role,
  legacyStaffId: m.legacyStaffId,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});
