import { InMemoryStaffDirectory } from '../../src/adapters/memory/in-memory-staff-directory';
import { StaffMember } from '../../src/domain/staff';
import { describeStaffDirectoryContract } from './staff-directory.contract';

describeStaffDirectoryContract('in-memory', async () => {
  const directory = new InMemoryStaffDirectory();
  return {
    directory,
    // What untyped code or a record from before roles would hand over.
    storeWithoutRole: (member) => directory.add(member as StaffMember),
  };
});
