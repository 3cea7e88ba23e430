import { Command, InvalidArgumentError, Option } from 'commander';
import { ChangeStaffPassword } from '../../../application/staff/change-staff-password';
import { ChangeStaffRole } from '../../../application/staff/change-staff-role';
import { DisableStaff } from '../../../application/staff/disable-staff';
import { LinkLegacyIdentity } from '../../../application/staff/link-legacy-identity';
import { ListStaff } from '../../../application/staff/list-staff';
import { RegisterStaff } from '../../../application/staff/register-staff';
import { StaffView } from '../../../application/staff/staff-view';
import { isDomainError } from '../../../domain/errors';
import { isStaffRole, STAFF_ROLES, StaffRole, SYSTEM_ACTOR } from '../../../domain/staff';
import { processIo, TerminalIo } from '../terminal-io';

/** The staff use cases over the configured store; built in src/infra. */
export interface StaffRuntime {
  readonly registerStaff: Pick<RegisterStaff, 'execute'>;
  readonly changeStaffPassword: Pick<ChangeStaffPassword, 'execute'>;
  readonly disableStaff: Pick<DisableStaff, 'execute'>;
  readonly changeStaffRole: Pick<ChangeStaffRole, 'execute'>;
  readonly linkLegacyIdentity: Pick<LinkLegacyIdentity, 'execute'>;
  readonly listStaff: Pick<ListStaff, 'execute'>;
  close(): Promise<void>;
}

export interface StaffCommandDependencies {
  open(): Promise<StaffRuntime>;
  io?: TerminalIo;
}

const staffId = (value: string): number => {
  const n = Number(value);
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

const ROLE_CHOICES = `${STAFF_ROLES.slice(0, -1).join(', ')} or ${STAFF_ROLES.at(-1)}`;

const role = (value: string): StaffRole => {
  if (!isStaffRole(value)) throw new InvalidArgumentError(`must be ${ROLE_CHOICES}`);
  return value;
};

const legacyIdText = (id: number | null): string => (id === null ? '' : `, legacy id ${id}`);

/** A plain-text table of members: no hashes, no login counters (StaffView has neither). */
function staffTable(members: readonly StaffView[]): string {
  if (members.length === 0) return 'No staff members.';
  const rows = [
    ['USERNAME', 'STAFF ID', 'ROLE', 'ACTIVE', 'LEGACY ID'],
    ...members.map((m) => [
      m.username,
      String(m.staffId),
      m.role,
      m.active ? 'yes' : 'no',
      m.legacyStaffId === null ? '-' : String(m.legacyStaffId),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  return rows
    .map((row) => row.map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length)).join('  ').trimEnd())
    .join('\n');
}

/** Asks twice at a terminal so a typo cannot lock the account; once from stdin. */
async function newPassword(io: TerminalIo, fromStdin: boolean): Promise<string> {
  const password = await io.readSecret('New password: ', { fromStdin });
  if (!fromStdin && process.stdin.isTTY) {
    const again = await io.readSecret('Repeat it: ');
    if (again !== password) throw new Error('The passwords do not match.');
  }
  return password;
}

/**
 * `hosp staff add|passwd|disable|role|link|list`: manages staff accounts in the configured
 * store, acting as the system (an administrator). Passwords are typed without echo or read
 * from stdin (`--password-stdin`), never from arguments, so they stay out of shell history
 * and process listings. A bad role or id is refused by commander with a one-line message.
 */
export function staffCommand(deps: StaffCommandDependencies): Command {
  const io = deps.io ?? processIo;
  const run = async (work: (runtime: StaffRuntime) => Promise<string>): Promise<void> => {
    let runtime: StaffRuntime | undefined;
    try {
      runtime = await deps.open();
      io.out(`${await work(runtime)}\n`);
    } catch (error) {
      if (!isDomainError(error) && !(error instanceof Error && error.message === 'The passwords do not match.')) throw error;
      const details = isDomainError(error) && error.details
        ? Object.entries(error.details).map(([field, problems]) => `\n  ${field}: ${problems.join('; ')}`).join('')
        : '';
      io.err(`hosp staff: ${error.message}${details}\n`);
      process.exitCode = 1;
    } finally {
      await runtime?.close();
    }
  };

  const staff = new Command('staff').description('Manage staff accounts (HTTP Basic logins)');
  staff
    .command('add <username>')
    .description('Add a member of staff; asks for the password (or reads it from stdin)')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--staff-id <id>', 'use this hosp staff id instead of the next free one', staffId)
    .option('--role <role>', `${ROLE_CHOICES} (default: staff)`, role)
    .option('--legacy-id <id>', "the member's staff id in legacy HOSP (the author id of forwarded notes)", staffId)
    .action((username: string, flags: { passwordStdin?: boolean; staffId?: number; role?: StaffRole; legacyId?: number }) =>
      run(async (runtime) => {
        const password = await newPassword(io, flags.passwordStdin === true);
        const view = await runtime.registerStaff.execute(
          {
            username,
            password,
            ...(flags.staffId !== undefined && { staffId: flags.staffId }),
            ...(flags.role !== undefined && { role: flags.role }),
            ...(flags.legacyId !== undefined && { legacyStaffId: flags.legacyId }),
          },
          SYSTEM_ACTOR,
        );
        return `Added ${view.username} (staff id ${view.staffId}, role ${view.role}${legacyIdText(view.legacyStaffId)}).`;
      }),
    );
  staff
    .command('passwd <username>')
    .description("Set a member of staff's password; asks for it (or reads it from stdin)")
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action((username: string, flags: { passwordStdin?: boolean }) =>
      run(async (runtime) => {
        const password = await newPassword(io, flags.passwordStdin === true);
        await runtime.changeStaffPassword.execute({ username, password }, SYSTEM_ACTOR);
        return `Changed the password of ${username}.`;
      }),
    );
  staff
    .command('disable <username>')
    .description('Disable an account: it can never log in again')
    .action((username: string) =>
      run(async (runtime) => {
        await runtime.disableStaff.execute({ username }, SYSTEM_ACTOR);
        return `Disabled ${username}.`;
      }),
    );
  staff
    .command('role')
    .description("Set a member of staff's role: read-only (reads), staff (also writes), admin (also administration)")
    .argument('<username>')
    .argument('<role>', ROLE_CHOICES, role)
    .action((username: string, newRole: StaffRole) =>
      run(async (runtime) => {
        const view = await runtime.changeStaffRole.execute({ username, role: newRole }, SYSTEM_ACTOR);
        return `${view.username} has the role ${view.role}.`;
      }),
    );
  staff
    .command('link <username>')
    .description('Link a member of staff to their staff id in legacy HOSP (--legacy-id), or remove the link (--unlink)')
    .addOption(new Option('--legacy-id <id>', "the member's staff id in legacy HOSP").argParser(staffId).conflicts('unlink'))
    .option('--unlink', 'remove the link')
    .action((username: string, flags: { legacyId?: number; unlink?: boolean }, command: Command) => {
      if (flags.legacyId === undefined && flags.unlink !== true) command.error('error: give --legacy-id <id> or --unlink');
      return run(async (runtime) => {
        const view = await runtime.linkLegacyIdentity.execute({ username, legacyStaffId: flags.legacyId ?? null }, SYSTEM_ACTOR);
        return view.legacyStaffId === null
          ? `${view.username} is not linked to legacy HOSP.`
          : `Linked ${view.username} to legacy staff id ${view.legacyStaffId}.`;
      });
    });
  staff
    .command('list')
    .description('List staff accounts: username, staff id, role, active, legacy id (no secrets)')
    .option('--json', 'print them as JSON')
    .action((flags: { json?: boolean }) =>
      run(async (runtime) => {
        const members = await runtime.listStaff.execute();
        return flags.json === true ? JSON.stringify(members, null, 2) : staffTable(members);
      }),
    );
  return staff;
}
