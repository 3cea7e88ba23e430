/** Text rules shared by every name-like field. */

// C0, DEL and C1 control characters; line and paragraph separators behave like newlines.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

export const hasControlCharacters = (s: string): boolean => CONTROL_CHARACTERS.test(s);

/** Length in Unicode code points, so an emoji or a CJK character counts once. */
export const codePointLength = (s: string): number => [...s].length;

/** True for lone surrogates, which cannot be encoded as UTF-8 and would corrupt storage. */
export const hasLoneSurrogates = (s: string): boolean => !s.isWellFormed();
