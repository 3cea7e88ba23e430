import { StaffRole } from '../../../domain/staff';
import { SourceSummary } from './hospital-source';

/** One staff account to import, as the legacy credentials file has it. The password is plain text: handle with care. */
export interface StaffCredentialRow {
  readonly username: string;
  readonly password: string;
  /**
   * Legacy's staff id, when given: kept as the member's hosp staff id and linked as its
   * `legacyStaffId` (the author id the gateway writes to legacy).
   */
  readonly staffId?: number;
  /** The member's role; `staff` when not given. */
  readonly role?: StaffRole;
}

export type StaffSourceItem =
  | { readonly cursor: string; readonly row: StaffCredentialRow }
  | { readonly cursor: string; readonly invalid: string };

/** Where staff credentials come from (a `username,password[,staff_id[,role]]` CSV). `highestId` is the highest staff id. */
export interface StaffCredentialSource {
  describe(): Promise<SourceSummary>;
  read(cursor?: string): AsyncIterable<StaffSourceItem>;
}
