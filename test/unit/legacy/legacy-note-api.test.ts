import { AmbiguousWriteError } from '../../../src/adapters/legacy/ambiguous-write-error';
import { LegacyRequest, LegacyResponse } from '../../../src/adapters/legacy/legacy-exchange';
import { LegacyNoteApi, NoteDraft } from '../../../src/adapters/legacy/legacy-note-api';
import { LegacyRejection } from '../../../src/adapters/legacy/legacy-rejection';

const json = (status: number, value: unknown): LegacyResponse => ({ status, headers: {}, body: Buffer.from(JSON.stringify(value)), attempts: 1 });
const DRAFT: NoteDraft = { title: 'Check-up', body: 'All well', patientId: 3, authorLegacyStaffId: 28 };
const since = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number) => new Date(since.getTime() + ms).toISOString();

/** A client whose create fails ambiguously, so the note API's reconciliation decides the answer. */
function ambiguousClient(sent: LegacyRequest[]) {
  return {
    send: async (request: LegacyRequest): Promise<LegacyResponse> => {
      sent.push(request);
      const found = await request.reconcile!(since, new AbortController().signal);
      if (found) return { ...found, reconciled: true };
      throw new AmbiguousWriteError(since, true);
    },
  };
}

describe('LegacyNoteApi: notes are created once, and only as the caller', () => {
  it('sends a fresh JSON body whose only author is the legacy staff id it was given', async () => {
    const sent: LegacyRequest[] = [];
    const client = { send: async (request: LegacyRequest) => (sent.push(request), json(201, { id: 5, ...JSON.parse(request.body!.toString()) })) };
    const forgotten: number[] = [];
    const api = new LegacyNoteApi(client, { freshNotesOf: async () => [], forgetNotesOf: async (id) => void forgotten.push(id) });
    const created = await api.create(DRAFT, { forwardedFor: '203.0.113.9', requestId: 'req-1' }, { key: 'k', scope: 'staff:4' });
    expect(created).toEqual({ note: expect.objectContaining({ id: 5, staff_id: 28 }), reconciled: false });
    expect(sent[0]).toMatchObject({ method: 'POST', path: '/notes', idempotency: { key: 'k', scope: 'staff:4' } });
    expect(JSON.parse(sent[0]!.body!.toString())).toEqual({ title: 'Check-up', body: 'All well', patient_id: 3, staff_id: 28 });
    expect(sent[0]!.headers).toMatchObject({ 'x-forwarded-for': '203.0.113.9', 'x-request-id': 'req-1', 'content-type': 'application/json; charset=utf-8' });
    expect(forgotten).toEqual([3]);
  });

  it('finds its own note after an ambiguous failure: same author, title and body, created since the request began', async () => {
    const notes = [
      { id: 1, title: 'Check-up', body: 'All well', patient_id: 3, staff_id: 28, created_at: at(-3_600_000) },
      { id: 2, title: 'Check-up', body: 'All well', patient_id: 3, staff_id: 29, created_at: at(100) },
      { id: 3, title: 'Check-up', body: 'All better', patient_id: 3, staff_id: 28, created_at: at(100) },
      { id: 4, title: 'Check-up', body: 'All well', patient_id: 3, staff_id: 28, created_at: at(200) },
    ];
    const api = new LegacyNoteApi(ambiguousClient([]), { freshNotesOf: async () => notes, forgetNotesOf: async () => undefined });
    expect(await api.create(DRAFT)).toEqual({ note: expect.objectContaining({ id: 4 }), reconciled: true });
  });

  it('never answers two creates with the same note, and leaves the outcome unknown when it is not there', async () => {
    const notes = [{ id: 7, title: 'Check-up', body: 'All well', patient_id: 3, staff_id: 28, created_at: at(50) }];
    const api = new LegacyNoteApi(ambiguousClient([]), { freshNotesOf: async () => notes, forgetNotesOf: async () => undefined });
    expect((await api.create(DRAFT)).note.id).toBe(7);
    await expect(api.create(DRAFT)).rejects.toBeInstanceOf(AmbiguousWriteError);
  });

  it('reports legacy refusing the note with its status and messages', async () => {
    const client = { send: async () => json(422, { patient: ['must exist'] }) };
    const api = new LegacyNoteApi(client, { freshNotesOf: async () => [], forgetNotesOf: async () => undefined });
    await expect(api.create(DRAFT)).rejects.toMatchObject({ status: 422, details: { patient: ['must exist'] } });
    await expect(new LegacyNoteApi({ send: async () => json(404, {}) }, { freshNotesOf: async () => [], forgetNotesOf: async () => undefined }).create(DRAFT))
      .rejects.toBeInstanceOf(LegacyRejection);
  });
});
