import { forbidden } from '../../domain/errors';
import { Actor } from '../../domain/staff';
import { HttpError } from '../http/http-error';

/** A write about to be forwarded, as far as the guard needs it. */
export interface GuardedWrite {
  readonly method: string;
  /** Canonical path (see `canonicalPath`). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string | undefined;
  readonly body: Buffer | undefined;
}

/** The write as it may go to legacy: the body re-serialised when the guard set the author. */
export interface AllowedWrite {
  readonly query: URLSearchParams;
  readonly body: Buffer | undefined;
  /** Set when the body was rewritten. */
  readonly contentType?: string;
}

const AUTHOR_FIELD = 'staff_id';
/** `POST /notes` and the Rails nested form `POST /patients/{id}/notes`, with or without `.json`. */
const NOTE_CREATE = /^(\/patients\/[^/]+)?\/notes(\.json)?$/;
const JSON_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json\s*(;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/**
 * Closes legacy's notes breach: legacy takes the author (`staff_id`) of a note from the body
 * as sent, so any member of staff could write as any other. On every forwarded write, a
 * `staff_id` anywhere in a JSON or form body or in the query string must name the
 * authenticated member (403 FORBIDDEN otherwise); on note creation the author is set from
 * the authenticated member, and the body must be a JSON object so nothing is left unchecked.
 * A new note's body is re-serialised, so duplicate keys or parser differences cannot smuggle
 * a second author past the check; other bodies go on byte for byte.
 */
export function guardNoteAuthor(write: GuardedWrite, actor: Actor): AllowedWrite {
  const query = new URLSearchParams(write.query);
  for (const name of [...new Set(query.keys())]) {
    if (!name.includes(AUTHOR_FIELD)) continue;
    if (query.getAll(name).some((value) => !namesActor(value, actor))) throw impersonation();
    query.delete(name);
  }
  const creating = write.method === 'POST' && NOTE_CREATE.test(write.path);
  const type = write.contentType ?? '';
  const text = write.body && write.body.length > 0 ? write.body.toString('utf8') : undefined;
  if (text !== undefined && FORM_TYPE.test(type)) {
    if (creating) throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send notes as application/json.');
    for (const [name, value] of new URLSearchParams(text)) {
      if (name.includes(AUTHOR_FIELD) && !namesActor(value, actor)) throw impersonation();
    }
    return { query, body: write.body };
  }
  if (!creating && (text === undefined || !JSON_TYPE.test(type))) return { query, body: write.body };
  if (creating && (text === undefined || !JSON_TYPE.test(type))) {
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send notes as application/json.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text!);
  } catch {
    if (creating) throw new HttpError('MALFORMED_JSON', 'The body is not well-formed JSON.');
    return { query, body: write.body };
  }
  assertNoOtherAuthor(value, actor, 0);
  if (!creating) return { query, body: write.body };
  if (!isObject(value)) throw new HttpError('BAD_REQUEST', 'A note must be a JSON object.');
  const fields = isObject(value.note) ? value.note : value;
  if (fields !== value) delete value[AUTHOR_FIELD];
  fields[AUTHOR_FIELD] = actor.staffId;
  return { query, body: Buffer.from(JSON.stringify(value), 'utf8'), contentType: 'application/json; charset=utf-8' };
}

const MAX_DEPTH = 32;

function assertNoOtherAuthor(value: unknown, actor: Actor, depth: number): void {
  if (depth > MAX_DEPTH) throw new HttpError('BAD_REQUEST', 'The body is nested too deeply.');
  if (Array.isArray(value)) {
    for (const item of value) assertNoOtherAuthor(item, actor, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if (key === AUTHOR_FIELD && item !== null && !namesActor(item, actor)) throw impersonation();
    assertNoOtherAuthor(item, actor, depth + 1);
  }
}

const namesActor = (value: unknown, actor: Actor): boolean =>
  (typeof value === 'number' || typeof value === 'string') && String(value).trim() === String(actor.staffId);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const impersonation = () => forbidden('A write may only name the authenticated member of staff as its author (staff_id).');
