import { IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { passwordProblems, STAFF_ROLES, usernameProblems } from '../../domain/staff';
import type { StaffRole } from '../../domain/staff';
import { Satisfies } from '../validation/satisfies';

export class RegisterStaffInput {
  @Satisfies('isUsername', usernameProblems) username!: string;
  @Satisfies('isPassword', passwordProblems) password!: string;
  @IsOptional() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) staffId?: number;
  /** Defaults to `staff`. */
  @IsOptional() @IsIn(STAFF_ROLES) role?: StaffRole;
  /** The member's staff id in legacy HOSP, when known. */
  @IsOptional() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) legacyStaffId?: number;
}

export class ChangeStaffPasswordInput {
  @Satisfies('isUsername', usernameProblems) username!: string;
  @Satisfies('isPassword', passwordProblems) password!: string;
}

export class DisableStaffInput {
  @Satisfies('isUsername', usernameProblems) username!: string;
}

export class ChangeStaffRoleInput {
  @Satisfies('isUsername', usernameProblems) username!: string;
  @IsIn(STAFF_ROLES) role!: StaffRole;
}

export class LinkLegacyIdentityInput {
  @Satisfies('isUsername', usernameProblems) username!: string;
  /** Required; null unlinks. */
  @ValidateIf((input: LinkLegacyIdentityInput) => input.legacyStaffId !== null)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  legacyStaffId!: number | null;
}
