import { getMetadataStorage, validate, ValidationError } from 'class-validator';
import { ErrorDetails, validationFailed } from '../../domain/errors';
import { isJsonObject } from '../../domain/json-object';

type Dto<T> = new () => T;

const declaredFields = (dto: Dto<object>): Set<string> =>
  new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName));

/** Unknown fields named in a refusal; the rest are counted, so an answer never outgrows its request. */
const MAX_NAMED_UNKNOWN = 20;
const MAX_NAME_LENGTH = 100;

function unknownFieldDetails(unknown: string[], what: string): ErrorDetails {
  // Built from entries: a field named `__proto__` must stay a field, not become a prototype.
  const entries: Array<[string, string[]]> = unknown
    .slice(0, MAX_NAMED_UNKNOWN)
    .map((key) => [key.length > MAX_NAME_LENGTH ? `${key.slice(0, MAX_NAME_LENGTH)}…` : key, ['is not an accepted field']]);
  if (unknown.length > MAX_NAMED_UNKNOWN) entries.push([what, [`has ${unknown.length - MAX_NAMED_UNKNOWN} more fields that are not accepted`]]);
  return Object.fromEntries(entries);
}

function detailsOf(errors: ValidationError[]): ErrorDetails {
  const details: ErrorDetails = {};
  for (const error of errors) details[error.property] = Object.values(error.constraints ?? {});
  return details;
}

/**
 * Checks untrusted input against a class-validator DTO and returns a populated instance.
 * Fields the DTO does not declare are rejected by name (the first 20), not ignored. Only declared fields
 * are copied, with `defineProperty`, so keys such as `__proto__` can never reach a prototype.
 */
export async function validateInput<T extends object>(dto: Dto<T>, input: unknown, what = 'body'): Promise<T> {
  if (!isJsonObject(input)) throw validationFailed({ [what]: ['must be a JSON object'] });
  const allowed = declaredFields(dto);
  const unknown = Object.keys(input).filter((key) => !allowed.has(key));
  if (unknown.length > 0) {
    throw validationFailed(unknownFieldDetails(unknown, what));
  }
  const instance = new dto();
  for (const key of Object.keys(input)) {
    Object.defineProperty(instance, key, { value: input[key], enumerable: true, writable: true, configurable: true });
  }
  const errors = await validate(instance, { forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length > 0) throw validationFailed(detailsOf(errors));
  return instance;
}
