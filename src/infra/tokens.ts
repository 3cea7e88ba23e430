/** Dependency-injection tokens, one per port or configured value. The only list of them. */
export const TOKENS = {
  Config: Symbol.for('hosp.Config'),
  Clock: Symbol.for('hosp.Clock'),
  /** Where structured log lines go: stdout locally, Powertools Logger on Lambda. */
  Log: Symbol.for('hosp.Log'),
  /** Operational counts (retries, lock-outs, cache hits…): EMF on Lambda, none locally. */
  Metrics: Symbol.for('hosp.Metrics'),
  /** Instruments each AWS SDK client the stores make (X-Ray on Lambda; nothing locally). */
  InstrumentAwsClient: Symbol.for('hosp.InstrumentAwsClient'),
  /** Releases what the modules started (connections, DynamoDB Local); `app.close()` runs it. */
  Shutdown: Symbol.for('hosp.Shutdown'),
  PasswordHasher: Symbol.for('hosp.PasswordHasher'),
  HospitalRepository: Symbol.for('hosp.HospitalRepository'),
  HospitalIdAllocator: Symbol.for('hosp.HospitalIdAllocator'),
  StaffIdAllocator: Symbol.for('hosp.StaffIdAllocator'),
  StaffDirectory: Symbol.for('hosp.StaffDirectory'),
  AuditLog: Symbol.for('hosp.AuditLog'),
  /** Bulk reads and conditional writes for migrations (bound by stores that have a bulk adapter). */
  HospitalBulkStore: Symbol.for('hosp.HospitalBulkStore'),
  /** Failed-login counts shared by every process (bound by each store module). */
  LoginAttempts: Symbol.for('hosp.LoginAttempts'),
  LoginThrottle: Symbol.for('hosp.LoginThrottle'),
  /** Idempotency-Keys, shared by every process through the store (bound by each store module). */
  IdempotentRunner: Symbol.for('hosp.IdempotentRunner'),
  /** The fleet's shared level of the legacy read cache (bound by store modules that have one). */
  SharedReadCache: Symbol.for('hosp.SharedReadCache'),
  /** Each member's share of legacy across the fleet (bound by store modules that have one). */
  FleetMemberShare: Symbol.for('hosp.FleetMemberShare'),
  /**
   * Legacy HOSP, bound once per process when HOSP_LEGACY_URL is set (src/infra/modules/legacy-module.ts):
   * the resilient client, the one read cache, and legacy's resources. HOSP_STORE=legacy and
   * the gateway share them.
   */
  LegacyClient: Symbol.for('hosp.LegacyClient'),
  LegacyReadCache: Symbol.for('hosp.LegacyReadCache'),
  LegacyHospitalApi: Symbol.for('hosp.LegacyHospitalApi'),
  LegacyPatientApi: Symbol.for('hosp.LegacyPatientApi'),
  LegacyNoteApi: Symbol.for('hosp.LegacyNoteApi'),
  /** Asks legacy whether it accepts a login (lazy enrolment). */
  LegacyCredentialCheck: Symbol.for('hosp.LegacyCredentialCheck'),
  /** The five hospital use cases together, as the HTTP handlers take them. */
  HospitalUseCases: Symbol.for('hosp.HospitalUseCases'),
  /** Factories of the HTTP handlers over the core (src/infra/modules/http-module.ts). */
  HospitalsApi: Symbol.for('hosp.HospitalsApi'),
  LambdaAuthorizer: Symbol.for('hosp.LambdaAuthorizer'),
  /** What the gateway handler is made of, and the factory that makes the handler (src/infra/modules/gateway-module.ts). */
  GatewayDependencies: Symbol.for('hosp.GatewayDependencies'),
  Gateway: Symbol.for('hosp.Gateway'),
  /** Every legacy hospital, for the migrations (bound when HOSP_LEGACY_URL is set). */
  LegacyHospitalSource: Symbol.for('hosp.LegacyHospitalSource'),
  /** What the CLI's commands run (src/infra/modules/cli-module.ts). */
  ServeRuntime: Symbol.for('hosp.ServeRuntime'),
  MigrateRuntime: Symbol.for('hosp.MigrateRuntime'),
  LegacyAccess: Symbol.for('hosp.LegacyAccess'),
  StaffRuntime: Symbol.for('hosp.StaffRuntime'),
} as const;
