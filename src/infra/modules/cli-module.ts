import { ContainerModule } from 'inversify';
import type { LegacyAccess, MigrateRuntime } from '../../adapters/cli/commands/migrate';
import type { ServeRuntime } from '../../adapters/cli/commands/serve';
import type { StaffRuntime } from '../../adapters/cli/commands/staff';
import { bufferedStdoutJsonLog } from '../../adapters/observability/json-log';
import { HospitalSource } from '../../application/migration/ports/hospital-source';
import { ExportHospitals } from '../../application/migration/export-hospitals';
import { ImportHospitals } from '../../application/migration/import-hospitals';
import { ImportStaff } from '../../application/migration/import-staff';
import { VerifyHospitals } from '../../application/migration/verify-hospitals';
import { ChangeStaffPassword } from '../../application/staff/change-staff-password';
import { ChangeStaffRole } from '../../application/staff/change-staff-role';
import { DisableStaff } from '../../application/staff/disable-staff';
import { LinkLegacyIdentity } from '../../application/staff/link-legacy-identity';
import { ListStaff } from '../../application/staff/list-staff';
import { RegisterStaff } from '../../application/staff/register-staff';
import { HospitalRepository } from '../../domain/ports/hospital-repository';
import { StaffDirectory } from '../../domain/ports/staff-directory';
import { serveBanner } from '../cli/serve-banner';
import { Config } from '../config/config';
import { TOKENS } from '../tokens';
import { GatewayFactory } from './gateway-module';
import { HospitalsApiFactory } from './http-module';
import { Shutdown } from './shutdown';

/** Names the store a migration writes to, for checkpoints. */
function targetOf(config: Config): string {
  const { kind, dataDir } = config.store;
  if (kind === 'memory') return 'memory';
  const where = config.dynamodb.endpoint ?? (kind === 'dynamodb-local' ? dataDir : `aws:${config.dynamodb.region}`);
  return `${kind}:${where}:${config.dynamodb.tables.hospitals}`;
}

/**
 * What the `hosp` commands run (src/adapters/cli/commands/): `hosp serve` (the gateway when
 * HOSP_LEGACY_URL is set, else the hospitals API), `hosp staff …` and `hosp migrate …`, each
 * closing the whole app when done.
 */
export const cliModule = (config: Config): ContainerModule =>
  new ContainerModule(({ bind, isBound }) => {
    bind<ServeRuntime>(TOKENS.ServeRuntime)
      .toResolvedValue(
        (staff: StaffDirectory, registerStaff: RegisterStaff, hospitalsApi: HospitalsApiFactory, gateway: GatewayFactory | undefined, shutdown: Shutdown) => {
          const { http } = config;
          // One long-lived process serving many requests at once: batch the request log's writes.
          const log = bufferedStdoutJsonLog(http.logFormat);
          return {
            handlerFor: (listeningUrl: string) => {
              const publicBaseUrl = http.publicBaseUrlSet ? http.publicBaseUrl : listeningUrl;
              return gateway ? gateway({ log, handler: { publicBaseUrl } }).handler : hospitalsApi({ log, publicBaseUrl });
            },
            describe: (listeningUrl: string) => serveBanner(config, listeningUrl),
            port: http.port,
            staff,
            registerStaff,
            close: async () => {
              await shutdown.close();
              log.flush();
            },
          };
        },
        [TOKENS.StaffDirectory, RegisterStaff, TOKENS.HospitalsApi, { serviceIdentifier: TOKENS.Gateway, optional: true }, TOKENS.Shutdown],
      )
      .inSingletonScope();
    bind<StaffRuntime>(TOKENS.StaffRuntime)
      .toResolvedValue(
        (
          registerStaff: RegisterStaff,
          changeStaffPassword: ChangeStaffPassword,
          disableStaff: DisableStaff,
          changeStaffRole: ChangeStaffRole,
          linkLegacyIdentity: LinkLegacyIdentity,
          listStaff: ListStaff,
          shutdown: Shutdown,
        ) => ({ registerStaff, changeStaffPassword, disableStaff, changeStaffRole, linkLegacyIdentity, listStaff, close: () => shutdown.close() }),
        [RegisterStaff, ChangeStaffPassword, DisableStaff, ChangeStaffRole, LinkLegacyIdentity, ListStaff, TOKENS.Shutdown],
      )
      .inSingletonScope();
    bind<MigrateRuntime>(TOKENS.MigrateRuntime)
      .toResolvedValue(
        (importHospitals: ImportHospitals, verifyHospitals: VerifyHospitals, importStaff: ImportStaff, hospitals: HospitalRepository, shutdown: Shutdown) => ({
          importHospitals,
          verifyHospitals,
          importStaff,
          target: targetOf(config),
          holdsHospitals: async () => (await hospitals.list({ limit: 1 })).items.length > 0,
          close: () => shutdown.close(),
        }),
        [ImportHospitals, VerifyHospitals, ImportStaff, TOKENS.HospitalRepository, TOKENS.Shutdown],
      )
      .inSingletonScope();
    if (!isBound(TOKENS.LegacyHospitalSource)) return;
    bind<LegacyAccess>(TOKENS.LegacyAccess)
      .toResolvedValue(
        (source: HospitalSource, exportHospitals: ExportHospitals, shutdown: Shutdown) => ({ source, exportHospitals, close: () => shutdown.close() }),
        [TOKENS.LegacyHospitalSource, ExportHospitals, TOKENS.Shutdown],
      )
      .inSingletonScope();
  });
