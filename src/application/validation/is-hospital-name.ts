import { ValidateBy, ValidationOptions } from 'class-validator';
import { hospitalNameProblems } from '../../domain/hospital';

/** class-validator decorator applying the domain's hospital name rules. */
export const IsHospitalName = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isHospitalName',
      validator: {
        validate: (value: unknown) => hospitalNameProblems(value).length === 0,
        defaultMessage: (args) => hospitalNameProblems(args?.value).join('; '),
      },
    },
    options,
  );
