import { LegacyCallContext, contextHeaders, JSON_REQUEST_HEADERS } from './legacy-call-context';
import { expectAnswer, legacyList, legacyObject } from './legacy-answer';
import { LegacyHttpClient } from './legacy-http-client';
import { CachedRead, LegacyReadCache } from './legacy-read-cache';

/** A positive integer id of a legacy patient. */
export type PatientId = number;

/** An image to screen, as the gateway accepted it: an allowed image type and its bytes. */
export interface ScreeningImage {
  readonly contentType: string;
  readonly bytes: Buffer;
}

/**
 * Legacy's patient resources: the patient list, one patient, a patient's notes, and image
 * screening. Reads go through the one read cache (fresh for its TTL, served stale with its
 * age while legacy fails); screening is retried like a read, since legacy stores nothing.
 * Records are returned as legacy sent them (checked to be JSON objects); legacy errors come
 * back as null (404), LegacyRejection or UPSTREAM_UNAVAILABLE (see `expectAnswer`).
 */
export class LegacyPatientApi {
  constructor(
    private readonly client: Pick<LegacyHttpClient, 'send' | 'principal'>,
    private readonly cache: LegacyReadCache,
  ) {}

  /** Every patient. */
  async list(context?: LegacyCallContext): Promise<CachedRead<Record<string, unknown>[]>> {
    const read = await this.cache.read(this.key('/patients'), async (signal) => {
      const answer = expectAnswer(await this.requestJson('/patients', context, signal), 200);
      return answer && legacyList(answer);
    });
    return read ?? { value: [], ageSeconds: 0, stale: false };
  }

  /** One patient, or null when legacy has none with this id. */
  patient(id: PatientId, context?: LegacyCallContext): Promise<CachedRead<Record<string, unknown>> | null> {
    return this.cache.read(this.key(`/patients/${id}`), async (signal) => {
      const answer = expectAnswer(await this.requestJson(`/patients/${id}`, context, signal), 200);
      return answer && legacyObject(answer);
    });
  }

  /** A patient's notes, or null when legacy has no such patient. */
  notesOf(id: PatientId, context?: LegacyCallContext): Promise<CachedRead<Record<string, unknown>[]> | null> {
    return this.cache.read(this.notesKey(id), (signal) => this.fetchNotes(id, context, signal));
  }

  /** A patient's notes straight from legacy, bypassing the cache (reconciling an ambiguous create). */
  freshNotesOf(id: PatientId, signal?: AbortSignal): Promise<Record<string, unknown>[] | null> {
    return this.fetchNotes(id, undefined, signal);
  }

  /** Drops the cached notes of a patient after a note was (or may have been) written. */
  async forgetNotesOf(id: PatientId): Promise<void> {
    await this.cache.invalidate(this.notesKey(id));
  }

  /** Legacy's screening result for an image, or null when legacy has no such patient. */
  async screen(id: PatientId, image: ScreeningImage, context?: LegacyCallContext): Promise<Record<string, unknown> | null> {
    const response = await this.client.send({
      method: 'POST',
      path: `/patients/${id}/screen`,
      headers: { ...JSON_REQUEST_HEADERS, ...contextHeaders(context), 'content-type': image.contentType },
      body: image.bytes,
      // Legacy returns the result and stores nothing: repeating it is harmless.
      idempotent: true,
    });
    const answer = expectAnswer(response, 200, 201);
    return answer && legacyObject(answer);
  }

  private async fetchNotes(id: PatientId, context: LegacyCallContext | undefined, signal?: AbortSignal) {
    const answer = expectAnswer(await this.requestJson(`/patients/${id}/notes`, context, signal), 200);
    return answer && legacyList(answer);
  }

  private requestJson(path: string, context: LegacyCallContext | undefined, signal?: AbortSignal) {
    return this.client.send({
      method: 'GET',
      path,
      headers: { ...JSON_REQUEST_HEADERS, ...contextHeaders(context) },
      ...(signal && { signal }),
    });
  }

  private key(path: string): string {
    return `${this.client.principal}|GET ${path}`;
  }

  private notesKey(id: PatientId): string {
    return this.key(`/patients/${id}/notes`);
  }
}
