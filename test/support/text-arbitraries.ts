import fc from 'fast-check';

/** One lone surrogate: text that cannot be encoded as UTF-8. */
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Control characters as hosp's text rules define them (C0, DEL, C1, U+2028, U+2029). */
export const controlCharacter = fc.oneof(
  fc.integer({ min: 0x00, max: 0x1f }),
  fc.integer({ min: 0x7f, max: 0x9f }),
  fc.constantFrom(0x2028, 0x2029),
).map((c) => String.fromCodePoint(c));

/** Whitespace that `String.prototype.trim` removes. */
export const trimmableSpace = fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000', '\ufeff');

/**
 * Strings that hit every name rule: any Unicode, lone surrogates, control characters, padding,
 * and lengths clustered around a limit (in code points).
 */
export const ruleProbingString = (limit: number): fc.Arbitrary<string> => {
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: loneSurrogate },
    { weight: 1, arbitrary: controlCharacter },
    { weight: 1, arbitrary: trimmableSpace },
    { weight: 1, arbitrary: fc.constant(':') },
    // Invisible on their own (zero width space, word joiner, combining accent) and bidirectional controls.
    { weight: 1, arbitrary: fc.constantFrom('\u200b', '\u2060', '\u0301', '\u202e', '\u202a', '\u2066', '\u2069') },
  );
  const body = fc.oneof(
    fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
    fc
      .tuple(fc.integer({ min: limit - 2, max: limit + 2 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }))
      .map(([n, c]) => c.repeat(Math.max(0, n))),
  );
  return fc
    .tuple(fc.array(trimmableSpace, { maxLength: 2 }), body, fc.array(trimmableSpace, { maxLength: 2 }))
    .map(([before, middle, after]) => before.join('') + middle + after.join(''));
};
