import { hospitalNameProblems } from '../../domain/hospital';
import { Satisfies } from './satisfies';

/** class-validator decorator applying the domain's hospital name rules. */
export const IsHospitalName = (): PropertyDecorator => Satisfies('isHospitalName', hospitalNameProblems);
