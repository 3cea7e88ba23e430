import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { HospitalPage, HospitalRepository } from '../../domain/ports/hospital-repository';
import { validateInput } from '../validation/validate-input';

export const MAX_PAGE_SIZE = 1000;

/**
 * Without `limit`, legacy clients get the plain full array they expect, up to this many
 * hospitals (about 170 KB of JSON); beyond it the next page's cursor is returned (`Link`), so
 * no default answer nears 1 MB, let alone Lambda's 6 MB response limit, and a listing costs
 * the same at 50,000 hospitals as at 1,000 (benchmark 8, `npm run bench -- list-scale`).
 */
export const MAX_UNPAGED_LIST = MAX_PAGE_SIZE;

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
