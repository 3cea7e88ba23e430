import { Command } from 'commander';
import { StaffRuntime } from '../../src/adapters/cli/commands/staff';
import { TerminalIo } from '../../src/adapters/cli/terminal-io';
import { AuthenticateStaff } from '../../src/application/staff/authenticate-staff';
import { ChangeStaffPassword } from '../../src/application/staff/change-staff-password';
import { ChangeStaffRole } from '../../src/application/staff/change-staff-role';
import { DisableStaff } from '../../src/application/staff/disable-staff';
import { LinkLegacyIdentity } from '../../src/application/staff/link-legacy-identity';
import { ListStaff } from '../../src/application/staff/list-staff';
import { RegisterStaff } from '../../src/application/staff/register-staff';
import { inMemoryCore } from './in-memory-core';

/** A terminal for CLI tests: collects what is written and answers password prompts from `secrets`. */
export function fakeIo(secrets: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const io: TerminalIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readSecret: async () => secrets.shift() ?? '',
  };
  return { io, out, err };
}

/** The runtime of `hosp staff` over in-memory adapters, counting how often it is closed. */
export function staffCliRuntime() {
  const core = inMemoryCore();
  let closes = 0;
  const runtime: StaffRuntime = {
    registerStaff: new RegisterStaff(core.staff, core.staffIds, core.hasher, core.audit, core.clock),
    changeStaffPassword: new ChangeStaffPassword(core.staff, core.hasher, core.audit, core.clock),
    disableStaff: new DisableStaff(core.staff, core.audit, core.clock),
    changeStaffRole: new ChangeStaffRole(core.staff, core.audit, core.clock),
    linkLegacyIdentity: new LinkLegacyIdentity(core.staff, core.audit, core.clock),
    listStaff: new ListStaff(core.staff),
    close: async () => void closes++,
  };
  const login = (username: string, password: string) =>
    new AuthenticateStaff(core.staff, core.hasher, core.throttle).execute({ username, password });
  return { core, runtime, login, closes: () => closes };
}

/**
 * Makes commander throw instead of exiting, and collect its own messages (usage errors),
 * on a command and all its subcommands: settings are not inherited through addCommand.
 */
export function withoutExit(command: Command, errors: string[]): Command {
  command.exitOverride().configureOutput({ writeErr: (t) => void errors.push(t), writeOut: () => undefined });
  for (const sub of command.commands) withoutExit(sub, errors);
  return command;
}
