import { CommanderError } from 'commander';
import { staffCommand } from '../../../../src/adapters/cli/commands/staff';
import { fakeIo, staffCliRuntime, withoutExit } from '../../../support/staff-cli-fixture';

const PASSWORD = 'a long enough password';

/** Runs `hosp staff ARGS…` over one in-memory runtime; commander's own usage errors are collected, not exited on. */
function rig() {
  const { runtime, core, closes } = staffCliRuntime();
  const run = async (...args: string[]) => {
    const term = fakeIo([PASSWORD]);
    const usage: string[] = [];
    let exitCode: number | undefined;
    try {
      await withoutExit(staffCommand({ open: async () => runtime, io: term.io }), usage).parseAsync(args, { from: 'user' });
      exitCode = process.exitCode === undefined ? 0 : Number(process.exitCode);
    } catch (error) {
      if (!(error instanceof CommanderError)) throw error;
      exitCode = error.exitCode;
    }
    process.exitCode = undefined;
    return { out: term.out.join(''), err: term.err.join('') + usage.join(''), exitCode };
  };
  return { run, core, closes };
}

describe('hosp staff add with a role and a legacy id', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('adds a member as staff by default', async () => {
    const { run, core } = rig();
    expect((await run('add', 'Bob', '--password-stdin')).out).toMatch(/^Added Bob \(staff id \d+, role staff\)\.\n$/);
    expect(await core.staff.findByUsername('bob')).toMatchObject({ role: 'staff', legacyStaffId: null });
  });

  it('adds a member with the role, legacy id and staff id given', async () => {
    const { run, core } = rig();
    const added = await run('add', 'dora', '--password-stdin', '--role', 'read-only', '--legacy-id', '812', '--staff-id', '40');
    expect(added).toMatchObject({ out: 'Added dora (staff id 40, role read-only, legacy id 812).\n', exitCode: 0 });
    expect(await core.staff.findByUsername('dora')).toMatchObject({ staffId: 40, role: 'read-only', legacyStaffId: 812 });
  });

  it.each([
    [['--role', 'boss'], /argument 'boss' is invalid\. must be read-only, staff or admin/],
    [['--role', 'Admin'], /must be read-only, staff or admin/],
    [['--legacy-id', 'x12'], /argument 'x12' is invalid\. must be a positive whole number/],
    [['--legacy-id', '0'], /must be a positive whole number/],
  ])('refuses %j with one line, adding nobody', async (flags, message) => {
    const { run, core } = rig();
    const result = await run('add', 'eve', '--password-stdin', ...flags);
    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(await core.staff.isEmpty()).toBe(true);
  });

  it('says which legacy id is taken without a stack trace', async () => {
    const { run } = rig();
    await run('add', 'bob', '--password-stdin', '--legacy-id', '812');
    const again = await run('add', 'carol', '--password-stdin', '--legacy-id', '812');
    expect(again).toMatchObject({ exitCode: 1, err: 'hosp staff: A member linked to this legacy staff id already exists.\n' });
  });
});

describe('hosp staff role', () => {
  it('sets the role, and audits it as the system', async () => {
    const { run, core } = rig();
    await run('add', 'Bob', '--password-stdin');
    expect(await run('role', 'bob', 'admin')).toMatchObject({ out: 'Bob has the role admin.\n', exitCode: 0 });
    expect(await core.staff.findByUsername('bob')).toMatchObject({ role: 'admin' });
    expect(core.audit.all().at(-1)).toMatchObject({ action: 'update', actor: { username: 'system' }, after: { role: 'admin' } });
  });

  it('refuses an unknown role with one line', async () => {
    const { run, core } = rig();
    await run('add', 'bob', '--password-stdin');
    const result = await run('role', 'bob', 'superuser');
    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(/value 'superuser' is invalid for argument 'role'\. must be read-only, staff or admin/);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(await core.staff.findByUsername('bob')).toMatchObject({ role: 'staff' });
  });

  it('reports an unknown member', async () => {
    const { run } = rig();
    expect(await run('role', 'nobody', 'admin')).toMatchObject({ exitCode: 1, err: 'hosp staff: Staff member was not found.\n' });
  });
});

describe('hosp staff link', () => {
  it('links, relinks and unlinks a member', async () => {
    const { run, core } = rig();
    await run('add', 'Bob', '--password-stdin');
    expect((await run('link', 'bob', '--legacy-id', '812')).out).toBe('Linked Bob to legacy staff id 812.\n');
    expect((await run('link', 'bob', '--legacy-id', '813')).out).toBe('Linked Bob to legacy staff id 813.\n');
    expect(await core.staff.findByUsername('bob')).toMatchObject({ legacyStaffId: 813 });
    expect((await run('link', 'bob', '--unlink')).out).toBe('Bob is not linked to legacy HOSP.\n');
    expect(await core.staff.findByUsername('bob')).toMatchObject({ legacyStaffId: null });
  });

  it('refuses an id another member holds', async () => {
    const { run } = rig();
    await run('add', 'bob', '--password-stdin', '--legacy-id', '812');
    await run('add', 'carol', '--password-stdin');
    expect(await run('link', 'carol', '--legacy-id', '812')).toMatchObject({
      exitCode: 1,
      err: 'hosp staff: A member linked to this legacy staff id already exists.\n',
    });
  });

  it.each([
    [[], /give --legacy-id <id> or --unlink/],
    [['--legacy-id', '812', '--unlink'], /cannot be used with option '--unlink'/],
    [['--legacy-id', '-3'], /must be a positive whole number/],
    [['--legacy-id', '9007199254740993'], /must be a positive whole number/],
  ])('refuses %j with one line, changing nothing', async (flags, message) => {
    const { run, core } = rig();
    await run('add', 'bob', '--password-stdin', '--legacy-id', '7');
    const result = await run('link', 'bob', ...flags);
    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(await core.staff.findByUsername('bob')).toMatchObject({ legacyStaffId: 7 });
  });
});

describe('hosp staff list', () => {
  it('says so when there is nobody', async () => {
    expect((await rig().run('list')).out).toBe('No staff members.\n');
  });

  it('prints a table of username, staff id, role, active and legacy id, and no secrets', async () => {
    const { run } = rig();
    await run('add', 'Bob', '--password-stdin', '--role', 'admin', '--staff-id', '3');
    await run('add', 'carol', '--password-stdin', '--legacy-id', '812', '--staff-id', '12');
    await run('disable', 'carol');
    const { out } = await run('list');
    expect(out).toBe(
      [
        'USERNAME  STAFF ID  ROLE   ACTIVE  LEGACY ID',
        'Bob       3         admin  yes     -',
        'carol     12        staff  no      812',
        '',
      ].join('\n'),
    );
    expect(out).not.toMatch(/scrypt|hash|password/i);
  });

  it('prints JSON with --json, without hashes or login counters', async () => {
    const { run } = rig();
    await run('add', 'Bob', '--password-stdin', '--legacy-id', '812');
    const listed = JSON.parse((await run('list', '--json')).out) as Record<string, unknown>[];
    expect(listed).toEqual([expect.objectContaining({ username: 'Bob', role: 'staff', active: true, legacyStaffId: 812 })]);
    expect(Object.keys(listed[0]!).sort()).toEqual(['active', 'createdAt', 'legacyStaffId', 'role', 'staffId', 'updatedAt', 'username']);
  });

  it('closes the runtime after every command', async () => {
    const { run, closes } = rig();
    await run('list');
    await run('role', 'nobody', 'admin');
    expect(closes()).toBe(2);
  });
});
