import {
  HOSPITAL_NAME_MAX_LENGTH,
  hospitalNameProblems,
  isHospitalId,
  newHospital,
  parseHospitalName,
  renameHospital,
} from '../../../src/domain/hospital';

const T0 = '2024-01-01T00:00:00.000Z';
const T1 = '2024-01-02T00:00:00.000Z';

describe('Hospital', () => {
  it('ids are positive safe integers', () => {
    expect([1, Number.MAX_SAFE_INTEGER].every(isHospitalId)).toBe(true);
    expect([0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, NaN, '1', null].some(isHospitalId)).toBe(false);
  });

  it('a new hospital has version 1, a trimmed name and equal times', () => {
    expect(newHospital(3, '  Paws  ', T0)).toEqual({ id: 3, name: 'Paws', createdAt: T0, updatedAt: T0, version: 1 });
  });

  it('renaming bumps version and updatedAt only', () => {
    const h = newHospital(3, 'Paws', T0);
    expect(renameHospital(h, 'Claws', T1)).toEqual({ ...h, name: 'Claws', updatedAt: T1, version: 2 });
  });

  it('renaming to the same trimmed name returns the same hospital', () => {
    const h = newHospital(3, 'Paws', T0);
    expect(renameHospital(h, ' Paws ', T1)).toBe(h);
  });

  it('counts name length in code points and allows any script', () => {
    expect(hospitalNameProblems('🐾'.repeat(HOSPITAL_NAME_MAX_LENGTH))).toEqual([]);
    expect(hospitalNameProblems('病'.repeat(HOSPITAL_NAME_MAX_LENGTH + 1))).toEqual(['must be at most 120 characters']);
  });

  it.each([
    [42, 'must be a string'],
    ['\ud800 lone', 'must be valid Unicode text'],
    [' \t ', "can't be blank"],
    ['line\nbreak', 'must not contain control characters'],
    ['para\u2029graph', 'must not contain control characters'],
    ['\u200b', 'must contain a visible character (a letter, digit, punctuation mark or symbol)'],
    ['\u200b\u2060\u0301', 'must contain a visible character (a letter, digit, punctuation mark or symbol)'],
    ['Oak \u202eslatipsoH', 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069)'],
    ['\u2066Oak\u2069', 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069)'],
  ])('rejects %j: %s', (raw, problem) => {
    expect(hospitalNameProblems(raw)).toEqual([problem]);
    expect(() => parseHospitalName(raw)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { name: [problem] } }));
  });

  it('reports every problem at once', () => {
    expect(hospitalNameProblems(`${'x'.repeat(121)}\u0007`)).toHaveLength(2);
  });
});
