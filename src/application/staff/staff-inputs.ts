import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { passwordProblems, usernameProblems } from '../../domain/staff';

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
}

export class ChangeStaffPasswordInput {
  @rule('isUsername', usernameProblems) username!: string;
  @rule('isPassword', passwordProblems) password!: string;
}

export class DisableStaffInput {
  @rule('isUsername', usernameProblems) username!: string;
}
