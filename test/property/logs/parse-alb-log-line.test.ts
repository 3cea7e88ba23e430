import fc from 'fast-check';
import { isMalformed, parseAlbLogLine } from '../../../src/tools/access-logs/parse-alb-log-line';
import { albLine } from '../../support/alb-log-samples';

/** The definition the in-place digit reader must reproduce exactly. */
function reference(s: string): number | null | undefined {
  if (s === '-1') return null;
  if (!/^\d+(\.\d+)?$/.test(s)) return undefined;
  return Math.round(Number(s) * 1e6) / 1e3;
}

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));

const seconds = fc.oneof(
  fc.tuple(digits(1, 4), digits(0, 7)).map(([w, f]) => (f === '' ? w : `${w}.${f}`)),
  fc.tuple(digits(1, 12), digits(1, 9)).map(([w, f]) => `${w}.${f}`),
  fc.constantFrom('-1', '-', '', '1.', '.5', '1e3', '0x10', '+1', '1.2.3', '00.000500', '0.0000005'),
);

describe('parseAlbLogLine processing times', () => {
  it('reads every processing time as Math.round(Number(s) × 10⁶) / 10³, or rejects it as the regex does', () => {
    fc.assert(
      fc.property(seconds, seconds, seconds, (a, b, c) => {
        const result = parseAlbLogLine(albLine({ times: `${a} ${b} ${c}` }));
        const want = [reference(a), reference(b), reference(c)];
        if (want.includes(undefined)) {
          // An empty value just removes a field (fields are space-separated).
          return isMalformed(result);
        }
        if (isMalformed(result)) return false;
        return (
          Object.is(result.requestProcessingMs, want[0]) &&
          Object.is(result.targetProcessingMs, want[1]) &&
          Object.is(result.responseProcessingMs, want[2])
        );
      }),
      { numRuns: 2000 },
    );
  });
});
