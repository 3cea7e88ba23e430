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
 * a second author past the check; so is any other JSON body whose `staff_id` keys are
 * duplicated or escaped. Bodies hosp cannot read (multipart, other charsets, malformed)
 * must not mention `staff_id` at all (415). Everything else goes on byte for byte.
 */
export function guardNoteAuthor(write: GuardedWrite, actor: Actor): AllowedWrite {
  const query = new URLSearchParams(write.query);
  for (const name of [...new Set(query.keys())]) {
    if (!namesAuthorField(name)) continue;
    if (query.getAll(name).some((value) => !namesActor(value, actor))) throw impersonation();
    query.delete(name);
  }
  const creating = write.method === 'POST' && NOTE_CREATE.test(write.path);
  const type = write.contentType ?? '';
  const text = write.body && write.body.length > 0 ? write.body.toString('utf8') : undefined;
  if (text === undefined) {
    if (creating) throw notJson();
    return { query, body: write.body };
  }
  if (FORM_TYPE.test(type)) {
    if (creating) throw notJson();
    for (const [name, value] of new URLSearchParams(text)) {
      if (namesAuthorField(name) && !namesActor(value, actor)) throw impersonation();
    }
    return { query, body: write.body };
  }
  if (!JSON_TYPE.test(type) || !isUtf8Charset(type)) {
    if (creating) throw notJson();
    // Multipart, a form sent without a content type (Rack parses it as one), JSON in another
    // charset: hosp cannot read the author in these, so it must not be there at all.
    if (mentionsAuthorField(write.body!)) throw unreadableAuthor();
    return { query, body: write.body };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    if (creating) throw new HttpError('MALFORMED_JSON', 'The body is not well-formed JSON.');
    if (mentionsAuthorField(write.body!)) throw unreadableAuthor();
    return { query, body: write.body };
  }
  const authorFields = assertNoOtherAuthor(value, actor, 0);
  if (!creating) {
    // A second `staff_id` (duplicate keys: parsers disagree on which wins) or an escaped
    // spelling of the key: forward what was checked, not what was sent.
    if (authorFields === 0 || authorFields === literalAuthorKeys(text)) return { query, body: write.body };
    return { query, body: Buffer.from(JSON.stringify(value), 'utf8'), contentType: JSON_UTF8 };
  }
  if (!isObject(value)) throw new HttpError('BAD_REQUEST', 'A note must be a JSON object.');
  const fields = isObject(value.note) ? value.note : value;
  if (fields !== value) delete value[AUTHOR_FIELD];
  fields[AUTHOR_FIELD] = actor.staffId;
  return { query, body: Buffer.from(JSON.stringify(value), 'utf8'), contentType: JSON_UTF8 };
}

const MAX_DEPTH = 32;

/** Throws unless every `staff_id` key names the actor (or is null); returns how many there are. */
function assertNoOtherAuthor(value: unknown, actor: Actor, depth: number): number {
  if (depth > MAX_DEPTH) throw new HttpError('BAD_REQUEST', 'The body is nested too deeply.');
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += assertNoOtherAuthor(item, actor, depth + 1);
    return count;
  }
  if (!isObject(value)) return 0;
  for (const [key, item] of Object.entries(value)) {
    if (key === AUTHOR_FIELD) {
      if (item !== null && !namesActor(item, actor)) throw impersonation();
      count++;
    }
    count += assertNoOtherAuthor(item, actor, depth + 1);
  }
  return count;
}

/** `"staff_id":` spelled literally in JSON text (inside a string value its quotes would be escaped). */
const literalAuthorKeys = (text: string): number => text.match(/"staff_id"\s*:/g)?.length ?? 0;

/** Query and form names: `staff_id`, `note[staff_id]`, any case. */
const namesAuthorField = (name: string): boolean => name.toLowerCase().includes(AUTHOR_FIELD);

/** The field name in bytes hosp does not parse: plain, or percent-encoded as a form would. */
const mentionsAuthorField = (body: Buffer): boolean => /staff(_|%5f)id/i.test(body.toString('latin1'));

const isUtf8Charset = (type: string): boolean => {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
};

const namesActor = (value: unknown, actor: Actor): boolean =>
  (typeof value === 'number' || typeof value === 'string') && String(value).trim() === String(actor.staffId);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const JSON_UTF8 = 'application/json; charset=utf-8';

const notJson = (): HttpError => new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send notes as application/json.');

const unreadableAuthor = (): HttpError =>
  new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Name an author (staff_id) only in a JSON or form body, so hosp can check it.');

const impersonation = () => forbidden('A write may only name the authenticated member of staff as its author (staff_id).');
