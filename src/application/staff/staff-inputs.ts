import { IsIn, IsInt, IsOptional, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { passwordProblems, STAFF_ROLES, usernameProblems } from '../../domain/staff';
import type { StaffRole } from '../../domain/staff';

const rule = (name: string, problems: (value: unknown) => string[]): PropertyDecorator =>
  ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => problems(value).length === 0,
      defaultMessage: (args) => problems(args?.value).join('; '),
    },
  });

export class RegisterStaffInput {
  @rule('isUsername', usernameProblems) username!: string;
  @rule('isPassword', passwordProblems) password!: string;
  @IsOptional() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) staffId?: number;
  /** Defaults to `staff`. */
  @IsOptional() @IsIn(STAFF_ROLES) role?: StaffRole;
  /** The member's staff id in legacy HOSP, when known. */
  @IsOptional() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) legacyStaffId?: number;
}

export class ChangeStaffPasswordInput {
  @rule('isUsername', usernameProblems) username!: string;
  @rule('isPassword', passwordProblems) password!: string;
}

export class DisableStaffInput {
  @rule('isUsername', usernameProblems) username!: string;
}

export class ChangeStaffRoleInput {
  @rule('isUsername', usernameProblems) username!: string;
  @IsIn(STAFF_ROLES) role!: StaffRole;
}

export class LinkLegacyIdentityInput {
  @rule('isUsername', usernameProblems) username!: string;
  /** Required; null unlinks. */
  @ValidateIf((input: LinkLegacyIdentityInput) => input.legacyStaffId !== null)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  legacyStaffId!: number | null;
}
