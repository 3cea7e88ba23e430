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
  LockoutPolicy: Symbol.for('hosp.LockoutPolicy'),
} as const;
