/** Text rules shared by every name-like field. */

// C0, DEL and C1 control characters; line and paragraph separators behave like newlines.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

export const hasControlCharacters = (s: string): boolean => CONTROL_CHARACTERS.test(s);

/** Length in Unicode code points, so an emoji or a CJK character counts once. */
export const codePointLength = (s: string): number => [...s].length;

/** True for lone surrogates, which cannot be encoded as UTF-8 and would corrupt storage. */
export const hasLoneSurrogates = (s: string): boolean => !s.isWellFormed();

// Bidirectional embeddings, overrides and isolates: they make text display in another order
// than it is stored (U+202E turns "gpj.exe" around), so a name could pose as another.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;

export const hasBidiControls = (s: string): boolean => BIDI_CONTROLS.test(s);

// A letter, digit, punctuation mark or symbol: something a reader can see. Spaces, format
// characters (U+200B zero width space, U+2060, U+FEFF), marks on their own and controls are not.
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

export const hasVisibleCharacter = (s: string): boolean => VISIBLE.test(s);
