// Members of staff for benchmarks that run `hosp serve` on DynamoDB Local: registered through
// the real use case (hashes, audit entries) in a fresh set of tables the server then uses.
import { freshTables } from './dynamodb-local.mjs';
import { requireDist } from './hosp-dist.mjs';

/** Fresh tables holding `members` (RegisterStaff inputs, e.g. `{ username, password, role }`); `{ endpoint, prefix }`. */
export async function tablesWithStaff(label, members) {
  const db = await freshTables(label);
  db.client.destroy();
  const { startApp } = requireDist('infra/app');
  const { loadConfig } = requireDist('infra/config/config');
  const { RegisterStaff } = requireDist('application/staff/register-staff');
  const { SYSTEM_ACTOR } = requireDist('domain/staff');
  const app = await startApp(loadConfig({ HOSP_STORE: 'dynamodb', DYNAMODB_ENDPOINT: db.endpoint, HOSP_TABLE_PREFIX: db.prefix, AWS_REGION: 'us-east-1' }));
  try {
    const register = app.container.get(RegisterStaff);
    for (const member of members) await register.execute(member, SYSTEM_ACTOR);
  } finally {
    await app.close();
  }
  return { endpoint: db.endpoint, prefix: db.prefix };
}
