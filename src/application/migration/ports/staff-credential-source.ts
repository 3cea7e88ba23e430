import { SourceSummary } from './hospital-source';

/** One staff account to import, as the legacy credentials file has it. The password is plain text: handle with care. */
export interface StaffCredentialRow {
  readonly username: string;
  readonly password: string;
  /** Keeps legacy's staff id when given. */
  readonly staffId?: number;
}

export type StaffSourceItem =
  | { readonly cursor: string; readonly row: StaffCredentialRow }
  | { readonly cursor: string; readonly invalid: string };

/** Where staff credentials come from (a `username,password[,staff_id]` CSV). `highestId` is the highest staff id. */
export interface StaffCredentialSource {
  describe(): Promise<SourceSummary>;
  read(cursor?: string): AsyncIterable<StaffSourceItem>;
}
