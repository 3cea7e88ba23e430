import { EventEmitter } from 'node:events';
import { serve, ServeRuntime } from '../../../../src/adapters/cli/commands/serve';
import { staffCommand } from '../../../../src/adapters/cli/commands/staff';
import { formatBasicCredentials } from '../../../../src/adapters/shared/basic-credentials';
import { StaffDirectory } from '../../../../src/domain/ports/staff-directory';
import { startApp } from '../../../../src/infra/app';
import { serveRuntime } from '../../../../src/infra/cli/cli-runtimes';
import { loadConfig } from '../../../../src/infra/config/config';
import { TOKENS } from '../../../../src/infra/tokens';
import { fastPasswordHasher } from '../../../support/fast-password-hasher';
import { fakeIo, staffCliRuntime } from '../../../support/staff-cli-fixture';

describe('hosp serve', () => {
  it('creates admin with a random password on first start, prints it once, serves, and shuts down on SIGTERM', async () => {
    const app = await startApp(loadConfig({ HOSP_STORE: 'memory', HOSP_PORT: '0' }), {
      configure: (c) => {
        c.rebind(TOKENS.PasswordHasher).toConstantValue(fastPasswordHasher());
      },
    });
    let closes = 0;
    const runtime: ServeRuntime = { ...serveRuntime(app), close: async () => void closes++ };
    const signals = new EventEmitter();
    const first = fakeIo();
    const serving = await serve({ open: async () => runtime, io: first.io, signals: signals as never });

    const printed = first.err.join('');
    expect(first.out).toEqual([]);
    const password = /password: (\S+)/.exec(printed)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(printed.split(password!).length - 1).toBe(2); // the password line and the curl example, nothing else
    const ok = await fetch(`${serving.server.url}/hospitals`, {
      headers: { authorization: formatBasicCredentials({ username: 'admin', password: password! }) },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([]);
    const admin = await app.container.get<StaffDirectory>(TOKENS.StaffDirectory).findByUsername('admin');
    expect(admin).toMatchObject({ role: 'admin', legacyStaffId: null });

    signals.emit('SIGTERM');
    await serving.stopped;
    expect(closes).toBe(1);
    await expect(fetch(`${serving.server.url}/hospitals`)).rejects.toThrow();

    // A second start over the same store does not create or print anything.
    const second = fakeIo();
    const again = await serve({ open: async () => runtime, io: second.io, signals: new EventEmitter() as never });
    expect(second.err.join('')).not.toMatch(/password/);
    await again.stop();
    await app.close();
  });
});

describe('hosp serve with HOSP_PORT=0', () => {
  it('reports the real port everywhere (url, Location, OpenAPI servers) and names what it serves on stderr', async () => {
    const app = await startApp(loadConfig({ HOSP_STORE: 'memory', HOSP_PORT: '0' }), {
      configure: (c) => void c.rebind(TOKENS.PasswordHasher).toConstantValue(fastPasswordHasher()),
    });
    const io = fakeIo();
    const serving = await serve({ open: async () => serveRuntime(app), io: io.io, signals: new EventEmitter() as never });
    try {
      const url = serving.server.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
      const password = /password: (\S+)/.exec(io.err.join(''))![1]!;
      const auth = formatBasicCredentials({ username: 'admin', password });
      const created = await fetch(`${url}/hospitals`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Port Zero Clinic' }),
      });
      expect(created.status).toBe(201);
      const body = (await created.json()) as { id: number; url: string };
      expect(created.headers.get('location')).toBe(`${url}/hospitals/${body.id}`);
      expect(body.url).toBe(`${url}/hospitals/${body.id}.json`);
      const openapi = (await (await fetch(`${url}/openapi.json`)).json()) as { servers: { url: string }[] };
      expect(openapi.servers[0]!.url).toBe(url);

      const banner = io.err.join('');
      expect(io.out).toEqual([]);
      expect(banner).toContain('hosp API\n');
      expect(banner).toMatch(/mode: +API/);
      expect(banner).toMatch(/store: +memory/);
      expect(banner).toMatch(/data dir: /);
      expect(banner).toMatch(/legacy: +- \(HOSP_LEGACY_URL unset\)/);
      expect(banner).toMatch(/routes: +GET\|POST \/hospitals/);
      expect(banner).toContain(`try:      curl -u USER:PASS ${url}/hospitals`);
      expect(banner).not.toContain(':0/');
    } finally {
      await serving.stop();
      await app.close();
    }
  });
});

describe('hosp staff', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('adds, changes the password of, and disables a member of staff, reading passwords from the terminal io', async () => {
    const { runtime, login, closes } = staffCliRuntime();
    const term = fakeIo(['first password 123', 'second password 456']);
    await staffCommand({ open: async () => runtime, io: term.io }).parseAsync(['add', 'Bob', '--password-stdin'], { from: 'user' });
    expect(term.out.join('')).toMatch(/^Added Bob \(staff id \d+, role staff\)\.\n$/);
    await expect(login('bob', 'first password 123')).resolves.toMatchObject({ username: 'Bob' });

    await staffCommand({ open: async () => runtime, io: term.io }).parseAsync(['passwd', 'bob', '--password-stdin'], { from: 'user' });
    await expect(login('bob', 'first password 123')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(login('bob', 'second password 456')).resolves.toMatchObject({ username: 'Bob' });

    await staffCommand({ open: async () => runtime, io: term.io }).parseAsync(['disable', 'bob'], { from: 'user' });
    await expect(login('bob', 'second password 456')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(closes()).toBe(3);
    expect(term.out.join('')).not.toContain('password 123');
  });

  it('reports validation problems without echoing the password, and exits 1', async () => {
    const { runtime, closes } = staffCliRuntime();
    const term = fakeIo(['short']);
    await staffCommand({ open: async () => runtime, io: term.io }).parseAsync(['add', 'carol', '--password-stdin'], { from: 'user' });
    expect(process.exitCode).toBe(1);
    expect(term.err.join('')).toMatch(/password: must be at least 12 characters/);
    expect(term.err.join('') + term.out.join('')).not.toContain('short\n');
    expect(closes()).toBe(1);
    const missing = fakeIo();
    await staffCommand({ open: async () => runtime, io: missing.io }).parseAsync(['disable', 'nobody'], { from: 'user' });
    expect(missing.err.join('')).toMatch(/Staff member was not found/);
  });
});

describe('hosp serve on a port already in use', () => {
  it('creates no admin, so the first password is never lost', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const app = await startApp(loadConfig({ HOSP_STORE: 'memory', HOSP_PORT: String(port) }), {
      configure: (c) => void c.rebind(TOKENS.PasswordHasher).toConstantValue(fastPasswordHasher()),
    });
    const io = fakeIo();
    try {
      await expect(serve({ open: async () => ({ ...serveRuntime(app), close: async () => undefined }), io: io.io, signals: new EventEmitter() as never })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(io.err.join('')).not.toMatch(/password/);
      expect(await app.container.get<{ isEmpty(): Promise<boolean> }>(TOKENS.StaffDirectory).isEmpty()).toBe(true);
    } finally {
      await app.close();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
