import 'reflect-metadata';
import { Container } from 'inversify';
import { BoundedPasswordHasher } from '../adapters/crypto/bounded-password-hasher';
import { ScryptPasswordHasher } from '../adapters/crypto/scrypt-password-hasher';
import { InstrumentAwsClient } from '../adapters/dynamodb/dynamo-client';
import { JsonLog, stdoutJsonLog } from '../adapters/http/json-log';
import { noMetrics, OperationalMetrics } from '../adapters/observability/operational-metrics';
import { SystemClock } from '../adapters/time/system-clock';
import { CreateHospital } from '../application/hospitals/create-hospital';
import { DeleteHospital } from '../application/hospitals/delete-hospital';
import { GetHospital } from '../application/hospitals/get-hospital';
import { ListHospitals } from '../application/hospitals/list-hospitals';
import { UpdateHospital } from '../application/hospitals/update-hospital';
import { AuthenticateStaff } from '../application/staff/authenticate-staff';
import { LoginThrottle } from '../application/staff/login-throttle';
import { ChangeStaffPassword } from '../application/staff/change-staff-password';
import { ChangeStaffRole } from '../application/staff/change-staff-role';
import { DisableStaff } from '../application/staff/disable-staff';
import { LinkLegacyIdentity } from '../application/staff/link-legacy-identity';
import { ListStaff } from '../application/staff/list-staff';
import { RegisterStaff } from '../application/staff/register-staff';
import { AuditLog } from '../domain/ports/audit-log';
import { Clock } from '../domain/ports/clock';
import { HospitalRepository } from '../domain/ports/hospital-repository';
import { LoginAttempts } from '../application/staff/ports/login-attempts';
import { HospitalIdAllocator, StaffIdAllocator } from '../domain/ports/id-allocator';
import { PasswordHasher } from '../application/staff/ports/password-hasher';
import { StaffDirectory } from '../domain/ports/staff-directory';
import { Config } from './config/config';
import { bindLegacy, LegacyOverrides } from './legacy-module';
import { StoreKind } from './config/store-config';
import { dynamodbLocalStore } from './stores/dynamodb-local-store';
import { dynamodbStore } from './stores/dynamodb-store';
import { legacyStore } from './stores/legacy-store';
import { memoryStore } from './stores/memory-store';
import { StoreModule } from './stores/store-module';
import { TOKENS } from './tokens';

/** A running hosp core: resolve use cases with `app.container.get(CreateHospital)`. */
export interface App {
  readonly config: Config;
  readonly container: Container;
  /** Releases what the store started (e.g. stops DynamoDB Local). Safe to call twice. */
  close(): Promise<void>;
}

export interface StartAppOptions {
  /** Where logs, metrics and traces go (Lambda: Powertools, `lambda-observability.ts`); stdout and nothing else by default. */
  observability?: Partial<Observability>;
  /** Runs after every binding is made, before anything is resolved: rebind ports to fakes here. */
  configure?: (container: Container) => void | Promise<void>;
  /** Tests: legacy client and cache settings beyond what the environment can say. */
  legacy?: LegacyOverrides;
}

/** What the running system reports through, bound as TOKENS.Log, TOKENS.Metrics and TOKENS.InstrumentAwsClient. */
export interface Observability {
  readonly log: JsonLog;
  readonly metrics: OperationalMetrics;
  readonly instrumentAwsClient: InstrumentAwsClient;
}

const LOCAL_OBSERVABILITY: Observability = { log: stdoutJsonLog, metrics: noMetrics, instrumentAwsClient: () => undefined };

/** One store module per HOSP_STORE value; each store's owner adds its line here. */
const STORE_MODULES: Partial<Record<StoreKind, StoreModule>> = {
  'dynamodb-local': dynamodbLocalStore,
  dynamodb: dynamodbStore,
  memory: memoryStore,
  legacy: legacyStore,
};

/** Binds what every store shares: time, hashing, lock-out rules and the use cases. */
function bindCore(container: Container, config: Config, observability: Observability): void {
  container.bind(TOKENS.Config).toConstantValue(config);
  container.bind<JsonLog>(TOKENS.Log).toConstantValue(observability.log);
  container.bind<OperationalMetrics>(TOKENS.Metrics).toConstantValue(observability.metrics);
  container.bind<InstrumentAwsClient>(TOKENS.InstrumentAwsClient).toConstantValue(observability.instrumentAwsClient);
  container.bind<Clock>(TOKENS.Clock).toConstantValue(new SystemClock());
  container
    .bind<PasswordHasher>(TOKENS.PasswordHasher)
    .toResolvedValue(() => new BoundedPasswordHasher(new ScryptPasswordHasher()))
    .inSingletonScope();
  container
    .bind(TOKENS.LoginThrottle)
    .toResolvedValue((attempts: LoginAttempts, clock: Clock) => new LoginThrottle(attempts, clock), [TOKENS.LoginAttempts, TOKENS.Clock])
    .inSingletonScope();

  container
    .bind(ListHospitals)
    .toResolvedValue((hospitals: HospitalRepository) => new ListHospitals(hospitals), [TOKENS.HospitalRepository])
    .inSingletonScope();
  container
    .bind(GetHospital)
    .toResolvedValue((hospitals: HospitalRepository) => new GetHospital(hospitals), [TOKENS.HospitalRepository])
    .inSingletonScope();
  container
    .bind(CreateHospital)
    .toResolvedValue(
      (hospitals: HospitalRepository, ids: HospitalIdAllocator, clock: Clock) => new CreateHospital(hospitals, ids, clock),
      [TOKENS.HospitalRepository, TOKENS.HospitalIdAllocator, TOKENS.Clock],
    )
    .inSingletonScope();
  container
    .bind(UpdateHospital)
    .toResolvedValue(
      (hospitals: HospitalRepository, clock: Clock) => new UpdateHospital(hospitals, clock),
      [TOKENS.HospitalRepository, TOKENS.Clock],
    )
    .inSingletonScope();
  container
    .bind(DeleteHospital)
    .toResolvedValue(
      (hospitals: HospitalRepository, clock: Clock) => new DeleteHospital(hospitals, clock),
      [TOKENS.HospitalRepository, TOKENS.Clock],
    )
    .inSingletonScope();
  container
    .bind(AuthenticateStaff)
    .toResolvedValue(
      (directory: StaffDirectory, hasher: PasswordHasher, throttle: LoginThrottle) => new AuthenticateStaff(directory, hasher, throttle),
      [TOKENS.StaffDirectory, TOKENS.PasswordHasher, TOKENS.LoginThrottle],
    )
    .inSingletonScope();
  container
    .bind(RegisterStaff)
    .toResolvedValue(
      (directory: StaffDirectory, ids: StaffIdAllocator, hasher: PasswordHasher, audit: AuditLog, clock: Clock) =>
        new RegisterStaff(directory, ids, hasher, audit, clock),
      [TOKENS.StaffDirectory, TOKENS.StaffIdAllocator, TOKENS.PasswordHasher, TOKENS.AuditLog, TOKENS.Clock],
    )
    .inSingletonScope();
  container
    .bind(ChangeStaffPassword)
    .toResolvedValue(
      (directory: StaffDirectory, hasher: PasswordHasher, audit: AuditLog, clock: Clock) =>
        new ChangeStaffPassword(directory, hasher, audit, clock),
      [TOKENS.StaffDirectory, TOKENS.PasswordHasher, TOKENS.AuditLog, TOKENS.Clock],
    )
    .inSingletonScope();
  container
    .bind(DisableStaff)
    .toResolvedValue(
      (directory: StaffDirectory, audit: AuditLog, clock: Clock) => new DisableStaff(directory, audit, clock),
      [TOKENS.StaffDirectory, TOKENS.AuditLog, TOKENS.Clock],
    )
    .inSingletonScope();
  container
    .bind(ChangeStaffRole)
    .toResolvedValue(
      (directory: StaffDirectory, audit: AuditLog, clock: Clock) => new ChangeStaffRole(directory, audit, clock),
      [TOKENS.StaffDirectory, TOKENS.AuditLog, TOKENS.Clock],
    )
    .inSingletonScope();
  container
    .bind(LinkLegacyIdentity)
    .toResolvedValue(
      (directory: StaffDirectory, audit: AuditLog, clock: Clock) => new LinkLegacyIdentity(directory, audit, clock),
      [TOKENS.StaffDirectory, TOKENS.AuditLog, TOKENS.Clock],
    )
    .inSingletonScope();
  container
    .bind(ListStaff)
    .toResolvedValue((directory: StaffDirectory) => new ListStaff(directory), [TOKENS.StaffDirectory])
    .inSingletonScope();
}

/**
 * The composition root: builds the container from configuration. The core is bound first,
 * then legacy HOSP (when configured), then the store chosen by `config.store.kind`, then
 * `options.configure` may replace any of it.
 */
export async function startApp(config: Config, options: StartAppOptions = {}): Promise<App> {
  const storeModule = STORE_MODULES[config.store.kind];
  if (!storeModule) throw new Error(`HOSP_STORE=${config.store.kind} is not available in this build.`);
  const container = new Container();
  bindCore(container, config, { ...LOCAL_OBSERVABILITY, ...options.observability });
  const closeLegacy = bindLegacy(container, config, options.legacy) ?? (() => undefined);
  let closeStore: () => Promise<void> = async () => undefined;
  const close = async (): Promise<void> => {
    try {
      await closeStore();
    } finally {
      closeLegacy();
    }
  };
  try {
    closeStore = await storeModule(container, config);
    await options.configure?.(container);
  } catch (error) {
    await close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    config,
    container,
    close: () => (closing ??= close()),
  };
}
