import { validationFailed } from './errors';
import { codePointLength, hasBidiControls, hasControlCharacters, hasLoneSurrogates, hasVisibleCharacter } from './text-rules';
import { Timestamp } from './timestamp';

/** A positive safe integer assigned once and never reused. */
export type HospitalId = number;

/** A veterinary hospital, as stored by hosp and by legacy HOSP. */
export interface Hospital {
  readonly id: HospitalId;
  readonly name: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
  /** Starts at 1 and grows by one on every change; used for optimistic concurrency. */
  readonly version: number;
}

export const HOSPITAL_NAME_MAX_LENGTH = 120;

export const isHospitalId = (value: unknown): value is HospitalId =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/** Problems with a proposed hospital name, empty when it is acceptable. */
export function hospitalNameProblems(raw: unknown): string[] {
  if (typeof raw !== 'string') return ['must be a string'];
  if (hasLoneSurrogates(raw)) return ['must be valid Unicode text'];
  const name = raw.trim();
  if (name.length === 0) return ["can't be blank"];
  if (!hasVisibleCharacter(name)) return ['must contain a visible character (a letter, digit, punctuation mark or symbol)'];
  const problems: string[] = [];
  if (codePointLength(name) > HOSPITAL_NAME_MAX_LENGTH) {
    problems.push(`must be at most ${HOSPITAL_NAME_MAX_LENGTH} characters`);
  }
  if (hasControlCharacters(name)) problems.push('must not contain control characters');
  if (hasBidiControls(name)) problems.push('must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069)');
  return problems;
}

/** The trimmed name, or a VALIDATION_FAILED error naming the `name` field. */
export function parseHospitalName(raw: unknown): string {
  const problems = hospitalNameProblems(raw);
  if (problems.length > 0) throw validationFailed({ name: problems });
  return (raw as string).trim();
}

export function newHospital(id: HospitalId, name: string, at: Timestamp): Hospital {
  return { id, name: parseHospitalName(name), createdAt: at, updatedAt: at, version: 1 };
}

/** A renamed copy; the same hospital if the name does not change. */
export function renameHospital(hospital: Hospital, name: string, at: Timestamp): Hospital {
  const next = parseHospitalName(name);
  if (next === hospital.name) return hospital;
  return { ...hospital, name: next, updatedAt: at, version: hospital.version + 1 };
}
