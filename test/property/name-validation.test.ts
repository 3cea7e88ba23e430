import fc from 'fast-check';
import { CreateHospitalInput } from '../../src/application/hospitals/create-hospital';
import { validateInput } from '../../src/application/validation/validate-input';
import { hospitalNameProblems } from '../../src/domain/hospital';
import { usernameProblems } from '../../src/domain/staff';
import { runSeed } from '../support/run-seed';
import { ruleProbingString } from '../support/text-arbitraries';

// The rules from the issue, written independently of the implementation.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const codePoints = (s: string) => Array.from(s).length;
const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

const BIDI = /[\u202a-\u202e\u2066-\u2069]/u;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

const hospitalNameAllowed = (raw: string): boolean => {
  const name = raw.trim();
  return wellFormed(raw) && codePoints(name) >= 1 && codePoints(name) <= 120 && !CONTROL.test(name) && !BIDI.test(name) && VISIBLE.test(name);
};

const usernameAllowed = (raw: string): boolean =>
  wellFormed(raw) && codePoints(raw) >= 1 && codePoints(raw) <= 64 && !raw.includes(':') && !CONTROL.test(raw) && raw.trim() === raw;

const RUNS = { numRuns: 300 };

describe('name validation accepts exactly what the rules allow', () => {
  it('hospital names: trimmed, 1–120 code points, something visible, no control or bidirectional control characters, any script', () => {
    fc.assert(
      fc.property(ruleProbingString(120), (raw) => {
        expect(hospitalNameProblems(raw).length === 0).toBe(hospitalNameAllowed(raw));
      }),
      RUNS,
    );
  });

  it('the create input DTO applies the same hospital name rules', async () => {
    await fc.assert(
      fc.asyncProperty(ruleProbingString(120), async (raw) => {
        const accepted = await validateInput(CreateHospitalInput, { name: raw }).then(
          () => true,
          (error) => {
            expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { name: expect.any(Array) } });
            return false;
          },
        );
        expect(accepted).toBe(hospitalNameAllowed(raw));
      }),
      RUNS,
    );
  });

  it('usernames: 1–64 code points, no colon, no control characters, no surrounding spaces', () => {
    fc.assert(
      fc.property(ruleProbingString(64), (raw) => {
        expect(usernameProblems(raw).length === 0).toBe(usernameAllowed(raw));
      }),
      RUNS,
    );
  });

  it('the generator reaches both sides of every rule', () => {
    const seed = runSeed();
    const samples = fc.sample(ruleProbingString(120), { numRuns: 2000, seed });
    const accepted = samples.filter(hospitalNameAllowed).length;
    expect({
      seed,
      acceptedOver200: accepted > 200,
      rejectedOver200: samples.length - accepted > 200,
      oneCodePointTooLong: samples.some((s) => codePoints(s.trim()) === 121 && !CONTROL.test(s) && wellFormed(s)),
      illFormed: samples.some((s) => !wellFormed(s)),
    }).toEqual({ seed, acceptedOver200: true, rejectedOver200: true, oneCodePointTooLong: true, illFormed: true });
  });
});
