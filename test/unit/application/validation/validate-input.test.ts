import { IsOptional, IsString } from 'class-validator';
import { DomainError } from '../../../../src/domain/errors';
import { validateInput } from '../../../../src/application/validation/validate-input';

class Named {
  @IsString() name!: string;
  @IsOptional() @IsString() note?: string;
}

const detailsOf = async (input: unknown): Promise<unknown> => {
  try {
    await validateInput(Named, input);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'VALIDATION_FAILED') return e.details;
    throw e;
  }
  throw new Error('accepted');
};

describe('validateInput', () => {
  it('returns a populated instance of the DTO', async () => {
    const named = await validateInput(Named, { name: 'a' });
    expect(named).toBeInstanceOf(Named);
    expect(named).toEqual(Object.assign(new Named(), { name: 'a' }));
  });

  it('refuses what is not a JSON object', async () => {
    expect(await detailsOf([{ name: 'a' }])).toEqual({ body: ['must be a JSON object'] });
    expect(await detailsOf(null)).toEqual({ body: ['must be a JSON object'] });
  });

  it('refuses unknown fields by name, before the known fields\' own problems', async () => {
    expect(await detailsOf({ name: 1, colour: 'red' })).toEqual({ colour: ['is not an accepted field'] });
    expect(await detailsOf({ name: 1 })).toEqual({ name: ['name must be a string'] });
  });

  it.each(['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'])('refuses a field named %s without touching a prototype', async (key) => {
    const input = JSON.parse(`{"name":"a",${JSON.stringify(key)}:{"polluted":true}}`);
    expect(await detailsOf(input)).toEqual(JSON.parse(`{${JSON.stringify(key)}:["is not an accepted field"]}`));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the first 20 unknown fields and counts the rest', async () => {
    const input = Object.fromEntries([['name', 'a'], ...Array.from({ length: 25 }, (_, i) => [`f${i}`, i])]);
    const details = (await detailsOf(input)) as Record<string, string[]>;
    expect(Object.keys(details)).toEqual([...Array.from({ length: 20 }, (_, i) => `f${i}`), 'body']);
    expect(details.body).toEqual(['has 5 more fields that are not accepted']);
  });
});
