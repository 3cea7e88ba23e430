import { LRUCache } from 'lru-cache';
import { contextHeaders, JSON_REQUEST_HEADERS, LegacyCallContext } from './legacy-call-context';
import { expectAnswer, legacyObject } from './legacy-answer';
import { LegacyResponse } from './legacy-exchange';
import { LegacyHttpClient } from './legacy-http-client';
import { LegacyPatientApi, PatientId } from './legacy-patient-api';
import { LegacyRejection } from './legacy-rejection';

/** A note as hosp sends it to legacy: the author is always the caller's own legacy staff id. */
export interface NoteDraft {
  readonly title: string;
  readonly body: string;
  readonly patientId: PatientId;
  /** Legacy HOSP's staff id of the member writing the note (never a hosp staff id). */
  readonly authorLegacyStaffId: number;
}

/** The note legacy stored, and whether hosp learnt of it by reconciliation rather than legacy's answer. */
export interface CreatedNote {
  readonly note: Record<string, unknown>;
  readonly reconciled: boolean;
}

export interface LegacyNoteApiOptions {
  /** Reconciliation accepts a note created up to this long (ms) before the request started (legacy's clock may run behind). */
  readonly reconcileClockSkewMs: number;
}

export const DEFAULT_NOTE_API: LegacyNoteApiOptions = { reconcileClockSkewMs: 30_000 };

/**
 * Creates notes in legacy HOSP without duplicates. A create is never blindly repeated: after
 * an ambiguous failure (legacy may commit and then answer 500, or reset the connection) the
 * client reconciles by reading the patient's notes and looking for one with the same author,
 * title and body created since the request started (allowing for clock skew) that no other
 * create of this process has already claimed. Found → that note is the answer; certainly
 * absent → sending again is safe; unknown → UPSTREAM_OUTCOME_UNKNOWN, which a retry with the
 * same Idempotency-Key reconciles again.
 */
export class LegacyNoteApi {
  /** Note ids this process already answered as created, never matched again by reconciliation. */
  private readonly claimed = new LRUCache<number, true>({ max: 10_000 });

  constructor(
    private readonly client: Pick<LegacyHttpClient, 'send'>,
    private readonly patients: Pick<LegacyPatientApi, 'freshNotesOf' | 'forgetNotesOf'>,
    private readonly options: LegacyNoteApiOptions = DEFAULT_NOTE_API,
  ) {}

  async create(draft: NoteDraft, context?: LegacyCallContext, idempotency?: { key: string; scope: string }): Promise<CreatedNote> {
    const body = Buffer.from(
      JSON.stringify({ title: draft.title, body: draft.body, patient_id: draft.patientId, staff_id: draft.authorLegacyStaffId }),
      'utf8',
    );
    let response: LegacyResponse;
    try {
      response = await this.client.send({
        method: 'POST',
        path: '/notes',
        headers: { ...JSON_REQUEST_HEADERS, ...contextHeaders(context), 'content-type': 'application/json; charset=utf-8' },
        body,
        ...(idempotency && { idempotency }),
        reconcile: async (since, signal) => {
          const found = await this.findCreated(draft, since, signal);
          return found && { status: 201, headers: {}, body: Buffer.from(JSON.stringify(found)), attempts: 1 };
        },
      });
    } finally {
      await this.patients.forgetNotesOf(draft.patientId);
    }
    const answer = expectAnswer(response, 201, 200);
    // Legacy answers a note for a missing patient with 422 ("patient must exist"); a 404 here is not its contract.
    if (!answer) throw new LegacyRejection(404);
    const note = legacyObject(answer);
    if (typeof note.id === 'number') this.claimed.set(note.id, true);
    return { note, reconciled: response.reconciled === true };
  }

  /** The note a possibly-applied create of `draft` produced, if legacy has one; claims it. */
  private async findCreated(draft: NoteDraft, since: Date, signal: AbortSignal): Promise<Record<string, unknown> | null> {
    const notes = await this.patients.freshNotesOf(draft.patientId, signal);
    if (notes === null) return null;
    const earliest = since.getTime() - this.options.reconcileClockSkewMs;
    const candidates = notes
      .filter((note) => isPositiveInteger(note.id) && !this.claimed.has(note.id))
      .filter((note) => Number(note.staff_id) === draft.authorLegacyStaffId && note.title === draft.title && note.body === draft.body)
      .filter((note) => Number(note.patient_id ?? draft.patientId) === draft.patientId)
      .filter((note) => typeof note.created_at === 'string' && Date.parse(note.created_at) >= earliest)
      .sort((a, b) => (a.id as number) - (b.id as number));
    const found = candidates[0] ?? null;
    if (found) this.claimed.set(found.id as number, true);
    return found;
  }
}

const isPositiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
