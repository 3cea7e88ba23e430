import { StaffDirectory } from '../../domain/ports/staff-directory';
import { StaffView, toStaffView } from './staff-view';

/** Every member of staff, by username key: what may be shown of them, no hashes, no login counters. */
export class ListStaff {
  constructor(private readonly directory: StaffDirectory) {}

  async execute(): Promise<StaffView[]> {
    const members = await this.directory.list();
    members.sort((a, b) => (a.usernameKey < b.usernameKey ? -1 : a.usernameKey > b.usernameKey ? 1 : 0));
    return members.map(toStaffView);
  }
}
