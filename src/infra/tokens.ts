/** Dependency-injection tokens, one per port or configured value. The only list of them. */
export const TOKENS = {
  Config: Symbol.for('hosp.Config'),
  Clock: Symbol.for('hosp.Clock'),
  PasswordHasher: Symbol.for('hosp.PasswordHasher'),
  HospitalRepository: Symbol.for('hosp.HospitalRepository'),
  HospitalIdAllocator: Symbol.for('hosp.HospitalIdAllocator'),
  StaffIdAllocator: Symbol.for('hosp.StaffIdAllocator'),
  StaffDirectory: Symbol.for('hosp.StaffDirectory'),
  AuditLog: Symbol.for('hosp.AuditLog'),
  /** Bulk reads and conditional writes for migrations (bound by stores that have a bulk adapter). */
  HospitalBulkStore: Symbol.for('hosp.HospitalBulkStore'),
  LockoutPolicy: Symbol.for('hosp.LockoutPolicy'),
  /** The resilient legacy HOSP client and hospital API (HOSP_STORE=legacy; reused by the gateway). */
  LegacyClient: Symbol.for('hosp.LegacyClient'),
  LegacyHospitalApi: Symbol.for('hosp.LegacyHospitalApi'),
} as const;
