import { notFound } from '../../domain/errors';
import { Hospital } from '../../domain/hospital';
import { HospitalRepository } from '../../domain/ports/hospital-repository';
import { parseHospitalId } from '../validation/parse-hospital-id';

export class GetHospital {
  constructor(private readonly hospitals: HospitalRepository) {}

  async execute(id: unknown): Promise<Hospital> {
    const hospital = await this.hospitals.get(parseHospitalId(id));
    if (!hospital) throw notFound('Hospital');
    return hospital;
  }
}
