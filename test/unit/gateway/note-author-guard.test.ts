import { guardNoteAuthor, GuardedWrite } from '../../../src/adapters/gateway/note-author-guard';
import { jsonDifferences } from '../../../src/adapters/gateway/json-differences';
import { toProxyResponse } from '../../../src/adapters/gateway/proxy-response';

const ALICE = { staffId: 7, username: 'alice', role: 'staff' as const, legacyStaffId: null };
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const write = (over: Partial<GuardedWrite>): GuardedWrite => ({
  method: 'POST',
  path: '/notes',
  query: new URLSearchParams(),
  contentType: 'application/json',
  body: json({ title: 't', body: 'b', patient_id: 1 }),
  ...over,
});
const bodyOf = (buffer: Buffer | undefined) => JSON.parse(buffer!.toString('utf8'));

describe('the notes guard binds the author of every write to the authenticated member', () => {
  it('sets staff_id on a new note, plain or wrapped, and on the nested Rails route', () => {
    expect(bodyOf(guardNoteAuthor(write({}), ALICE).body)).toEqual({ title: 't', body: 'b', patient_id: 1, staff_id: 7 });
    const wrapped = guardNoteAuthor(write({ body: json({ note: { title: 't' }, staff_id: 7 }) }), ALICE);
    expect(bodyOf(wrapped.body)).toEqual({ note: { title: 't', staff_id: 7 } });
    expect(bodyOf(guardNoteAuthor(write({ path: '/patients/1/notes.json' }), ALICE).body).staff_id).toBe(7);
  });

  it.each([
    ['a number', { staff_id: 8 }],
    ['a string', { staff_id: '8' }],
    ['nested deeper', { note: { meta: [{ staff_id: 8 }] } }],
    ['a boolean', { staff_id: true }],
  ])('refuses staff_id naming someone else (%s) with FORBIDDEN', (_, body) => {
    expect(() => guardNoteAuthor(write({ body: json(body) }), ALICE)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('checks other writes too, and the query string, forwarding other bodies byte for byte', () => {
    const patch = write({ method: 'PATCH', path: '/notes/3', body: json({ staff_id: 8 }) });
    expect(() => guardNoteAuthor(patch, ALICE)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    const query = write({ query: new URLSearchParams('note[staff_id]=8') });
    expect(() => guardNoteAuthor(query, ALICE)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect([...guardNoteAuthor(write({ query: new URLSearchParams('staff_id=7&x=1') }), ALICE).query.keys()]).toEqual(['x']);
    const raw = Buffer.from('{"name": "Oak",  "staff_id": 7}');
    expect(guardNoteAuthor(write({ method: 'PUT', path: '/hospitals/1', body: raw }), ALICE).body).toBe(raw);
    const form = write({ method: 'PATCH', path: '/x', contentType: 'application/x-www-form-urlencoded', body: Buffer.from('staff_id=8') });
    expect(() => guardNoteAuthor(form, ALICE)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('forwards what it checked when staff_id is duplicated or escaped, and keeps unambiguous bodies as sent', () => {
    const duplicated = write({ method: 'PATCH', path: '/notes/3', body: Buffer.from('{"title":"t","staff_id":8,"staff_id":7}') });
    const rewritten = guardNoteAuthor(duplicated, ALICE);
    expect(rewritten.body!.toString()).toBe('{"title":"t","staff_id":7}');
    expect(rewritten.contentType).toBe('application/json; charset=utf-8');
    const escaped = write({ method: 'PATCH', path: '/notes/3', body: Buffer.from('{"staff\\u005fid":7}') });
    expect(guardNoteAuthor(escaped, ALICE).body!.toString()).toBe('{"staff_id":7}');
    expect(() => guardNoteAuthor(write({ body: Buffer.from('{"staff\\u005fid":8}') }), ALICE)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    const inString = Buffer.from('{"body":"\\"staff_id\\": 8","staff_id":7}');
    expect(guardNoteAuthor(write({ method: 'PATCH', path: '/notes/3', body: inString }), ALICE).body).toBe(inString);
  });

  it.each([
    ['multipart', 'multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="note[staff_id]"\r\n\r\n7\r\n--b--'],
    ['no content type (a form to Rack)', undefined, 'staff_id=8'],
    ['percent-encoded name', 'text/plain', 'staff%5Fid=8'],
    ['JSON in another charset', 'application/json; charset=latin1', '{"staff_id":8}'],
    ['malformed JSON', 'application/json', '{"staff_id":8'],
  ])('refuses a write naming staff_id in a body it cannot read (%s) with 415', (_, contentType, body) => {
    const unreadable = write({ method: 'PATCH', path: '/notes/3', contentType, body: Buffer.from(body) });
    expect(() => guardNoteAuthor(unreadable, ALICE)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }));
  });

  it('forwards other unreadable bodies byte for byte, and matches author names in queries and forms in any case', () => {
    const image = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x73]);
    const screen = write({ path: '/patients/1/screen', contentType: 'image/jpeg', body: image });
    expect(guardNoteAuthor(screen, ALICE).body).toBe(image);
    expect(() => guardNoteAuthor(write({ query: new URLSearchParams('Staff_ID=8') }), ALICE)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    const form = write({ method: 'PATCH', path: '/x', contentType: 'application/x-www-form-urlencoded', body: Buffer.from('note%5BSTAFF_ID%5D=8') });
    expect(() => guardNoteAuthor(form, ALICE)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('accepts only a JSON object as a new note', () => {
    expect(() => guardNoteAuthor(write({ contentType: 'text/plain' }), ALICE)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }));
    expect(() => guardNoteAuthor(write({ body: Buffer.from('{oops') }), ALICE)).toThrow(expect.objectContaining({ code: 'MALFORMED_JSON' }));
    expect(() => guardNoteAuthor(write({ body: json([1]) }), ALICE)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => guardNoteAuthor(write({ body: undefined }), ALICE)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }));
  });
});

describe('jsonDifferences', () => {
  it('reports JSON Pointer paths only, skipping ignored fields at any depth', () => {
    const a = [{ id: 1, name: 'A', url: 'x' }, { id: 2, name: 'B' }];
    const b = [{ id: 1, name: 'A', url: 'y' }, { id: 2, name: 'C' }, { id: 3 }];
    expect(jsonDifferences(a, b, new Set(['url']))).toEqual(['/1/name', '/2']);
    expect(jsonDifferences({ 'a/b': 1 }, { 'a/b': 2 })).toEqual(['/a~1b']);
    expect(jsonDifferences(1, 1)).toEqual([]);
    expect(jsonDifferences(1, '1')).toEqual(['/']);
  });
});

describe('toProxyResponse', () => {
  it('keeps text as text and anything else, or invalid UTF-8, as base64', () => {
    const text = toProxyResponse({ status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":"é"}') });
    expect(text).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"a":"é"}', isBase64Encoded: false });
    const bad = toProxyResponse({ status: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.from([0xc3, 0x28]) });
    expect(bad).toMatchObject({ body: 'wyg=', isBase64Encoded: true });
    const none = toProxyResponse({ status: 204, headers: { connection: 'close' }, body: Buffer.alloc(0) });
    expect(none).toEqual({ statusCode: 204, headers: {}, body: '', isBase64Encoded: false });
  });
});
