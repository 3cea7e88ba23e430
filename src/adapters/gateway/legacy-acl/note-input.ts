import { IsOptional } from 'class-validator';
import { Satisfies } from '../../../application/validation/satisfies';
import { validateInput } from '../../../application/validation/validate-input';
import { unwrapEnvelope } from '../../http/routes/legacy-envelope';
import { codePointLength, hasBidiControls, hasControlCharacters } from '../../../domain/text-rules';

export const NOTE_TITLE_MAX_LENGTH = 255;

// Line breaks and tabs belong in a note's text; other control characters do not.
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const DECIMAL_ID = /^[1-9][0-9]{0,15}$/;

export function noteTitleProblems(raw: unknown): string[] {
  if (typeof raw !== 'string') return ['must be a string'];
  if (raw.trim().length === 0) return ["can't be blank"];
  const problems: string[] = [];
  if (codePointLength(raw) > NOTE_TITLE_MAX_LENGTH) problems.push(`must be at most ${NOTE_TITLE_MAX_LENGTH} characters`);
  if (hasControlCharacters(raw)) problems.push('must not contain control characters');
  if (hasBidiControls(raw)) problems.push('must not contain bidirectional control characters');
  return problems;
}

export function noteBodyProblems(raw: unknown): string[] {
  if (typeof raw !== 'string') return ['must be a string'];
  if (raw.trim().length === 0) return ["can't be blank"];
  const problems: string[] = [];
  if (CONTROL_EXCEPT_LINES.test(raw)) problems.push('must not contain control characters other than line breaks and tabs');
  if (hasBidiControls(raw)) problems.push('must not contain bidirectional control characters');
  return problems;
}

/** A record id as legacy clients send it: a positive integer, or its decimal text (Rails forms). */
export function recordIdProblems(raw: unknown): string[] {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) return [];
  if (typeof raw === 'string' && DECIMAL_ID.test(raw) && Number.isSafeInteger(Number(raw))) return [];
  return ['must be a positive integer'];
}

/** An author as a client may still name it: absent, null, or an id (checked against the caller elsewhere). */
function authorProblems(raw: unknown): string[] {
  return raw === null || recordIdProblems(raw).length === 0 ? [] : ['must be your own legacy staff id, or left out'];
}

/**
 * `POST /notes` as the gateway accepts it: `{title, body, patient_id}` (or Rails' wrapped
 * `{"note": {…}}`), with `staff_id` allowed only so that existing clients that send their own
 * id keep working — the author legacy receives is always the caller's legacy staff id.
 * Any other field is refused by name.
 */
export class NoteInput {
  @Satisfies('isNoteTitle', noteTitleProblems) title!: string;
  @Satisfies('isNoteBody', noteBodyProblems) body!: string;
  @Satisfies('isRecordId', recordIdProblems) patient_id!: number | string;
  @IsOptional() @Satisfies('isAuthor', authorProblems) staff_id?: number | string | null;
}

/** The note fields, unwrapped from `{"note": {…}}` when that is the body's only key, and validated. */
export function readNoteInput(value: unknown): Promise<NoteInput> {
  return validateInput(NoteInput, unwrapEnvelope(value, 'note'));
}

