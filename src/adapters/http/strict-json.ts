import { parse, tokenize, type ValueNode } from '@humanwhocodes/momoa';
import { HttpError } from './http-error';

/** Deeper bodies are refused before parsing: no request hosp serves nests this far, and deep nesting costs stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * Parses JSON text as RFC 8259 says and nothing more, for bodies that decide who wrote
 * something: a key repeated in one object (after unescaping, so `"staff\u005fid"` and
 * `"staff_id"` are the same key) is refused, because parsers disagree on which one wins and
 * the check and the consumer must never read different values. Also refused: nesting deeper
 * than MAX_JSON_DEPTH, text with lone surrogates (not encodable as UTF-8), and numbers that do
 * not fit a double. Every object is built with own data properties only, so `__proto__` is
 * just a key. Throws MALFORMED_JSON (400) with a message that says what was wrong.
 *
 * JSON.parse alone is not enough: it silently keeps the last of duplicate keys. momoa
 * (ESLint's JSON parser) gives the syntax tree with every member, decoded.
 */
export function parseStrictJson(text: string): unknown {
  return valueOf(syntaxTree(text));
}

/**
 * Every check of `parseStrictJson`, without building the value: for a parser that builds it
 * with JSON.parse (@middy/http-json-body-parser), which would keep the last of duplicate
 * keys and turn 1e999 into Infinity without a word.
 */
export function assertStrictJson(text: string): void {
  check(syntaxTree(text));
}

/** The body's syntax tree, every member kept, or MALFORMED_JSON for text that is not JSON (or too deep, or not Unicode). */
function syntaxTree(text: string): ValueNode {
  if (!text.isWellFormed()) throw malformed('The body contains text that is not valid Unicode.');
  assertDepth(text);
  try {
    // JSON.parse decides the syntax (it is exact where momoa is lenient, e.g. raw control
    // characters in strings); momoa's tree then shows every member, duplicates included.
    JSON.parse(text);
    return parse(text, { mode: 'json' }).body;
  } catch {
    throw malformed('The body is not well-formed JSON.');
  }
}

/** What `valueOf` refuses, found without building anything. */
function check(node: ValueNode): void {
  switch (node.type) {
    case 'String':
      wellFormed(node.value);
      return;
    case 'Number':
      if (!Number.isFinite(node.value)) throw malformed('The body holds a number too large to represent.');
      return;
    case 'Boolean':
    case 'Null':
      return;
    case 'Array':
      for (const element of node.elements) check(element.value);
      return;
    case 'Object': {
      const keys = new Set<string>();
      for (const member of node.members) {
        const key = wellFormed(member.name.type === 'String' ? member.name.value : member.name.name);
        if (keys.has(key)) throw malformed(`The body repeats the key "${printable(key)}" in one object.`);
        keys.add(key);
        check(member.value);
      }
      return;
    }
    default:
      throw malformed('The body is not well-formed JSON.');
  }
}

function assertDepth(text: string): void {
  let depth = 0;
  try {
    for (const token of tokenize(text, { mode: 'json' })) {
      if (token.type === 'LBrace' || token.type === 'LBracket') {
        if (++depth > MAX_JSON_DEPTH) throw malformed(`The body is nested more than ${MAX_JSON_DEPTH} levels deep.`);
      } else if (token.type === 'RBrace' || token.type === 'RBracket') {
        depth--;
      }
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw malformed('The body is not well-formed JSON.');
  }
}

function valueOf(node: ValueNode): unknown {
  switch (node.type) {
    case 'String':
      return wellFormed(node.value);
    case 'Boolean':
      return node.value;
    case 'Null':
      return null;
    case 'Number':
      if (!Number.isFinite(node.value)) throw malformed('The body holds a number too large to represent.');
      return node.value;
    case 'Array':
      return node.elements.map((element) => valueOf(element.value));
    case 'Object': {
      const object: Record<string, unknown> = {};
      for (const member of node.members) {
        const key = wellFormed(member.name.type === 'String' ? member.name.value : member.name.name);
        if (Object.hasOwn(object, key)) throw malformed(`The body repeats the key "${printable(key)}" in one object.`);
        Object.defineProperty(object, key, { value: valueOf(member.value), enumerable: true, writable: true, configurable: true });
      }
      return object;
    }
    default:
      // NaN, Infinity and identifiers exist only in momoa's JSON5 mode.
      throw malformed('The body is not well-formed JSON.');
  }
}

/** An escaped lone surrogate (`"\\ud800"`) decodes to text that cannot be stored or sent as UTF-8. */
function wellFormed(text: string): string {
  if (!text.isWellFormed()) throw malformed('The body contains text that is not valid Unicode.');
  return text;
}

/** A key as it may appear in an error message: short, and without control characters. */
const printable = (key: string): string => key.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 64);

const malformed = (message: string): HttpError => new HttpError('MALFORMED_JSON', message);
