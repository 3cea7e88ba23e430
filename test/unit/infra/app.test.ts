import { Container, ServiceIdentifier } from 'inversify';
import { InMemoryHospitalRepository } from '../../../src/adapters/memory/in-memory-hospital-repository';
import { BoundedPasswordHasher } from '../../../src/adapters/crypto/bounded-password-hasher';
import { SystemClock } from '../../../src/adapters/time/system-clock';
import { CreateHospital } from '../../../src/application/hospitals/create-hospital';
import { DeleteHospital } from '../../../src/application/hospitals/delete-hospital';
import { GetHospital } from '../../../src/application/hospitals/get-hospital';
import { ListHospitals } from '../../../src/application/hospitals/list-hospitals';
import { UpdateHospital } from '../../../src/application/hospitals/update-hospital';
import { AuthenticateStaff } from '../../../src/application/staff/authenticate-staff';
import { ChangeStaffPassword } from '../../../src/application/staff/change-staff-password';
import { ChangeStaffRole } from '../../../src/application/staff/change-staff-role';
import { DisableStaff } from '../../../src/application/staff/disable-staff';
import { LinkLegacyIdentity } from '../../../src/application/staff/link-legacy-identity';
import { ListStaff } from '../../../src/application/staff/list-staff';
import { RegisterStaff } from '../../../src/application/staff/register-staff';
import { Clock } from '../../../src/domain/ports/clock';
import { AuditLog } from '../../../src/domain/ports/audit-log';
import { SYSTEM_ACTOR } from '../../../src/domain/staff';
import type { LegacyAccess, MigrateRuntime } from '../../../src/adapters/cli/commands/migrate';
import type { ServeRuntime } from '../../../src/adapters/cli/commands/serve';
import type { StaffRuntime } from '../../../src/adapters/cli/commands/staff';
import { LegacyHospitalRepository } from '../../../src/adapters/legacy/legacy-hospital-repository';
import { LegacyHttpClient } from '../../../src/adapters/legacy/legacy-http-client';
import { LegacyLoginCheck } from '../../../src/adapters/legacy/legacy-login-check';
import { LegacyHospitalSource } from '../../../src/adapters/migration/legacy-hospital-source';
import { RepositoryHospitalBulkStore } from '../../../src/adapters/migration/repository-hospital-bulk-store';
import { ExportHospitals } from '../../../src/application/migration/export-hospitals';
import { ImportHospitals } from '../../../src/application/migration/import-hospitals';
import { ImportStaff } from '../../../src/application/migration/import-staff';
import { VerifyHospitals } from '../../../src/application/migration/verify-hospitals';
import { EnrolFromLegacy } from '../../../src/application/staff/enrol-from-legacy';
import { startApp } from '../../../src/infra/app';
import { gatewayFor } from '../../../src/infra/gateway-for';
import { loadConfig } from '../../../src/infra/config/config';
import { TOKENS } from '../../../src/infra/tokens';
import { fastPasswordHasher } from '../../support/fast-password-hasher';
import { ManualClock } from '../../support/manual-clock';

const memoryConfig = () => loadConfig({ HOSP_STORE: 'memory' });

describe('startApp with the memory store', () => {
  it('resolves every use case, once per container', async () => {
    const app = await startApp(memoryConfig());
    const useCases: (new (...args: never[]) => object)[] = [
      ListHospitals, GetHospital, CreateHospital, UpdateHospital, DeleteHospital,
      AuthenticateStaff, RegisterStaff, ChangeStaffPassword, DisableStaff,
      ChangeStaffRole, LinkLegacyIdentity, ListStaff,
    ];
    for (const useCase of useCases) {
      const resolved = app.container.get(useCase as ServiceIdentifier<object>);
      expect(resolved).toBeInstanceOf(useCase);
      expect(app.container.get(useCase as ServiceIdentifier<object>)).toBe(resolved);
    }
    expect(app.container.get(TOKENS.Config)).toBe(app.config);
    expect(app.container.get(TOKENS.Clock)).toBeInstanceOf(SystemClock);
    expect(app.container.get(TOKENS.PasswordHasher)).toBeInstanceOf(BoundedPasswordHasher);
    expect(app.container.get(TOKENS.HospitalRepository)).toBeInstanceOf(InMemoryHospitalRepository);
    await app.close();
    await app.close();
  });

  it('wires use cases to the same store, with audit entries', async () => {
    const app = await startApp(memoryConfig());
    const created = await app.container.get(CreateHospital).execute({ name: 'Vets' }, SYSTEM_ACTOR);
    expect(await app.container.get(GetHospital).execute(created.id)).toEqual(created);
    const audit = app.container.get<AuditLog>(TOKENS.AuditLog);
    expect(await audit.listByEntity('hospital', String(created.id))).toHaveLength(1);
    await app.close();
  });

  it('wires the staff use cases to one directory', async () => {
    const app = await startApp(memoryConfig(), {
      configure: (c) => {
        c.rebind(TOKENS.PasswordHasher).toConstantValue(fastPasswordHasher());
      },
    });
    await app.container.get(RegisterStaff).execute({ username: 'bob', password: 'a long enough password' }, SYSTEM_ACTOR);
    await app.container.get(ChangeStaffRole).execute({ username: 'bob', role: 'read-only' }, SYSTEM_ACTOR);
    await app.container.get(LinkLegacyIdentity).execute({ username: 'bob', legacyStaffId: 812 }, SYSTEM_ACTOR);
    expect(await app.container.get(ListStaff).execute()).toEqual([
      expect.objectContaining({ username: 'bob', role: 'read-only', legacyStaffId: 812 }),
    ]);
    await app.close();
  });

  it('lets configure rebind a port before anything is resolved', async () => {
    const clock = new ManualClock('2030-05-06T07:08:09.010Z');
    const app = await startApp(memoryConfig(), {
      configure: (container: Container) => {
        container.rebind<Clock>(TOKENS.Clock).toConstantValue(clock);
      },
    });
    const created = await app.container.get(CreateHospital).execute({ name: 'Clocked' }, SYSTEM_ACTOR);
    expect(created.createdAt).toBe('2030-05-06T07:08:09.010Z');
    await app.close();
  });

  it('closes the store when configure fails', async () => {
    await expect(
      startApp(memoryConfig(), {
        configure: () => {
          throw new Error('bad fake');
        },
      }),
    ).rejects.toThrow('bad fake');
  });

  it('refuses a store kind with no module in this build', async () => {
    const config = { ...memoryConfig(), store: { kind: 'nope' as never, dataDir: '/tmp' } };
    await expect(startApp(config)).rejects.toThrow('HOSP_STORE=nope is not available');
  });
});

describe('startApp with legacy HOSP configured', () => {
  const legacyConfig = () =>
    loadConfig({ HOSP_STORE: 'legacy', HOSP_LEGACY_URL: 'http://127.0.0.1:9/hosp', HOSP_LEGACY_AUTH: 'svc:secret', HOSP_ENROL_FROM_LEGACY: 'true' });

  it('builds one legacy client, which the store, the gateway, enrolment and the migration source share', async () => {
    const app = await startApp(legacyConfig());
    const client = app.container.get<LegacyHttpClient>(TOKENS.LegacyClient);
    expect(client).toBeInstanceOf(LegacyHttpClient);
    expect(app.container.get(TOKENS.HospitalRepository)).toBeInstanceOf(LegacyHospitalRepository);
    expect(gatewayFor(app).client).toBe(client);
    expect(app.container.get(EnrolFromLegacy)).toBeInstanceOf(EnrolFromLegacy);
    expect(app.container.get(TOKENS.LegacyCredentialCheck)).toBeInstanceOf(LegacyLoginCheck);
    expect(app.container.get<LegacyAccess>(TOKENS.LegacyAccess).source).toBeInstanceOf(LegacyHospitalSource);
    expect(app.container.get(TOKENS.LegacyClient)).toBe(client);
    await app.close();
    await app.close();
  });
});

describe('startApp: what the CLI runs', () => {
  it('resolves the migration use cases and the runtimes of hosp serve, staff and migrate', async () => {
    const app = await startApp(memoryConfig());
    for (const useCase of [ImportHospitals, ExportHospitals, VerifyHospitals, ImportStaff] as (new (...args: never[]) => object)[]) {
      expect(app.container.get(useCase as ServiceIdentifier<object>)).toBeInstanceOf(useCase);
    }
    expect(app.container.get(TOKENS.HospitalBulkStore)).toBeInstanceOf(RepositoryHospitalBulkStore);
    expect(app.container.get<MigrateRuntime>(TOKENS.MigrateRuntime)).toMatchObject({ target: 'memory', importHospitals: expect.any(ImportHospitals) });
    expect(app.container.get<StaffRuntime>(TOKENS.StaffRuntime).registerStaff).toBe(app.container.get(RegisterStaff));
    expect(app.container.get<ServeRuntime>(TOKENS.ServeRuntime).registerStaff).toBe(app.container.get(RegisterStaff));
    expect(app.container.isBound(TOKENS.Gateway)).toBe(false);
    expect(app.container.isBound(TOKENS.LegacyAccess)).toBe(false);
    await app.container.get<MigrateRuntime>(TOKENS.MigrateRuntime).close();
  });
});
