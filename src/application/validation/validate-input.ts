import { validate, ValidationError, ValidationTypes } from 'class-validator';
import { ErrorDetails, validationFailed } from '../../domain/errors';
import { isJsonObject } from '../../domain/json-object';

type Dto<T> = new () => T;

/**
 * class-validator finds a DTO's rules through `instance.constructor` and looks fields up in a
 * plain object, so a field named like an `Object.prototype` member (`constructor`, `__proto__`,
 * `hasOwnProperty`…) would slip past its whitelist or hide the DTO. No DTO declares one: such
 * names are unknown fields, refused before class-validator runs.
 */
const isPrototypeName = (key: string): boolean => key in Object.prototype;

const isUnknownField = (error: ValidationError): boolean => error.constraints?.[ValidationTypes.WHITELIST] !== undefined;

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
 * Fields the DTO does not declare are rejected by name (the first 20), not ignored: class-validator's
 * `forbidNonWhitelisted`. Fields are copied with `defineProperty`, so keys such as `__proto__` can
 * never reach a prototype.
 */
export async function validateInput<T extends object>(dto: Dto<T>, input: unknown, what = 'body'): Promise<T> {
  if (!isJsonObject(input)) throw validationFailed({ [what]: ['must be a JSON object'] });
  const instance = new dto();
  for (const key of Object.keys(input)) {
    if (isPrototypeName(key)) continue;
    Object.defineProperty(instance, key, { value: input[key], enumerable: true, writable: true, configurable: true });
  }
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  const unknownFields = new Set(errors.filter(isUnknownField).map((error) => error.property));
  const unknown = Object.keys(input).filter((key) => isPrototypeName(key) || unknownFields.has(key));
  if (unknown.length > 0) throw validationFailed(unknownFieldDetails(unknown, what));
  if (errors.length > 0) throw validationFailed(detailsOf(errors));
  return instance;
}
