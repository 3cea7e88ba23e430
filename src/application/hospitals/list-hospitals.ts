import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { HospitalPage, HospitalRepository } from '../../domain/ports/hospital-repository';
import { validateInput } from '../validation/validate-input';

export const MAX_PAGE_SIZE = 1000;

/**
 * Without `limit`, legacy clients get the plain full array they expect, up to this many
 * hospitals (about 1.7 MB of JSON); beyond it the next page's cursor is returned, so no answer
 * nears Lambda's 6 MB response limit.
 */
export const MAX_UNPAGED_LIST = 10_000;

export class ListHospitalsQuery {
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() @MaxLength(2048) cursor?: string;
}

/** Lists hospitals newest id first: a page of `limit`, or without it up to `MAX_UNPAGED_LIST`. */
export class ListHospitals {
  constructor(private readonly hospitals: HospitalRepository) {}

  async execute(query: unknown = {}): Promise<HospitalPage> {
    const { limit, cursor } = await validateInput(ListHospitalsQuery, query, 'query');
    return this.hospitals.list({ limit: limit ?? MAX_UNPAGED_LIST, ...(cursor !== undefined && { cursor }) });
  }
}
