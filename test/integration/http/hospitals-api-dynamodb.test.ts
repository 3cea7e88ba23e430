import { DynamoAuditLog } from '../../../src/adapters/dynamodb/dynamo-audit-log';
import { DynamoHospitalRepository } from '../../../src/adapters/dynamodb/dynamo-hospital-repository';
import { DynamoIdAllocator, HOSPITAL_ID_COUNTER, STAFF_ID_COUNTER } from '../../../src/adapters/dynamodb/dynamo-id-allocator';
import { DynamoStaffDirectory } from '../../../src/adapters/dynamodb/dynamo-staff-directory';
import { LocalServer, startLocalServer } from '../../../src/adapters/http/local-server';
import { formatBasicCredentials } from '../../../src/adapters/shared/basic-credentials';
import { RegisterStaff } from '../../../src/application/staff/register-staff';
import { AuditLog } from '../../../src/domain/ports/audit-log';
import { SYSTEM_ACTOR } from '../../../src/domain/staff';
import { App, startApp } from '../../../src/infra/app';
import { loadConfig } from '../../../src/infra/config/config';
import { hospitalsApiFor } from '../../../src/infra/hospitals-api-for';
import { TOKENS } from '../../../src/infra/tokens';
import { createTestTables, TestTables } from '../../support/dynamodb';
import { fastPasswordHasher } from '../../support/fast-password-hasher';

const AUTH = formatBasicCredentials({ username: 'vet', password: 'a long enough password' });

describe('hospitals API over loopback HTTP against DynamoDB Local', () => {
  let tables: TestTables;
  let app: App;
  let server: LocalServer;

  beforeAll(async () => {
    tables = await createTestTables('http');
    const { client, tables: names } = tables;
    app = await startApp(loadConfig({ HOSP_STORE: 'memory', HOSP_PUBLIC_BASE_URL: 'https://hosp.example/' }), {
      configure: (c) => {
        c.rebind(TOKENS.PasswordHasher).toConstantValue(fastPasswordHasher());
        c.rebind(TOKENS.AuditLog).toConstantValue(new DynamoAuditLog(client, names.audit));
        c.rebind(TOKENS.HospitalRepository).toConstantValue(new DynamoHospitalRepository(client, names.hospitals, names.audit));
        c.rebind(TOKENS.HospitalIdAllocator).toConstantValue(new DynamoIdAllocator(client, names.counters, HOSPITAL_ID_COUNTER, 20));
        c.rebind(TOKENS.StaffIdAllocator).toConstantValue(new DynamoIdAllocator(client, names.counters, STAFF_ID_COUNTER, 20));
        c.rebind(TOKENS.StaffDirectory).toConstantValue(new DynamoStaffDirectory(client, names.staff));
      },
    });
    await app.container.get(RegisterStaff).execute({ username: 'vet', password: 'a long enough password', role: 'admin' }, SYSTEM_ACTOR);
    server = await startLocalServer({ handler: hospitalsApiFor(app, { log: () => {} }), port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await app?.close();
    await tables?.drop();
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: AUTH, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });

  it('creates, conditionally updates, lists and deletes, with an audit trail naming the staff member', async () => {
    const created = await call('POST', '/hospitals.json', { name: 'Dynamo Vets' });
    expect(created.status).toBe(201);
    const record = (await created.json()) as { id: number; url: string };
    expect(record.url).toBe(`https://hosp.example/hospitals/${record.id}.json`);
    expect(created.headers.get('location')).toBe(`https://hosp.example/hospitals/${record.id}`);

    const stale = await call('PATCH', `/hospitals/${record.id}`, { name: 'Stale' }, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    const renamed = await call('PATCH', `/hospitals/${record.id}`, { name: 'Renamed' }, { 'if-match': '"1"' });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('etag')).toBe('"2"');

    const list = await (await call('GET', '/hospitals')).json();
    expect(list).toEqual([expect.objectContaining({ id: record.id, name: 'Renamed' })]);

    const anonymous = await fetch(`${server.url}/hospitals/${record.id}`, { method: 'DELETE' });
    expect(anonymous.status).toBe(401);
    expect((await call('DELETE', `/hospitals/${record.id}`)).status).toBe(204);
    expect((await call('GET', `/hospitals/${record.id}`)).status).toBe(404);

    const audit = await app.container.get<AuditLog>(TOKENS.AuditLog).listByEntity('hospital', String(record.id));
    expect(audit.map((e) => [e.action, e.actor.username])).toEqual(
      expect.arrayContaining([
        ['create', 'vet'],
        ['update', 'vet'],
        ['delete', 'vet'],
      ]),
    );
    expect(audit).toHaveLength(3);
  });
});
