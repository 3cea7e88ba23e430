import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { HospitalPage, HospitalRepository } from '../../domain/ports/hospital-repository';
import { validateInput } from '../validation/validate-input';

export const MAX_PAGE_SIZE = 1000;

export class ListHospitalsQuery {
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() @MaxLength(2048) cursor?: string;
}

/** Lists hospitals newest id first; everything unless a page size is asked for. */
export class ListHospitals {
  constructor(private readonly hospitals: HospitalRepository) {}

  async execute(query: unknown = {}): Promise<HospitalPage> {
    const { limit, cursor } = await validateInput(ListHospitalsQuery, query, 'query');
    return this.hospitals.list({ ...(limit !== undefined && { limit }), ...(cursor !== undefined && { cursor }) });
  }
}
