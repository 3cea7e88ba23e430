import { Command, InvalidArgumentError } from 'commander';
import { ChangeStaffPassword } from '../../../application/staff/change-staff-password';
import { DisableStaff } from '../../../application/staff/disable-staff';
import { RegisterStaff } from '../../../application/staff/register-staff';
import { isDomainError } from '../../../domain/errors';
import { SYSTEM_ACTOR } from '../../../domain/staff';
import { processIo, TerminalIo } from '../terminal-io';

/** The staff use cases over the configured store; built in src/infra. */
export interface StaffRuntime {
  readonly registerStaff: Pick<RegisterStaff, 'execute'>;
  readonly changeStaffPassword: Pick<ChangeStaffPassword, 'execute'>;
  readonly disableStaff: Pick<DisableStaff, 'execute'>;
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
 * `hosp staff add|passwd|disable`: manages staff accounts in the configured store. Passwords
 * are typed without echo or read from stdin (`--password-stdin`), never from arguments,
 * so they stay out of shell history and process listings.
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
    .option('--staff-id <id>', 'keep this staff id (e.g. from legacy HOSP)', staffId)
    .action((username: string, flags: { passwordStdin?: boolean; staffId?: number }) =>
      run(async (runtime) => {
        const password = await newPassword(io, flags.passwordStdin === true);
        const view = await runtime.registerStaff.execute(
          { username, password, ...(flags.staffId !== undefined && { staffId: flags.staffId }) },
          SYSTEM_ACTOR,
        );
        return `Added ${view.username} (staff id ${view.staffId}).`;
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
  return staff;
}
