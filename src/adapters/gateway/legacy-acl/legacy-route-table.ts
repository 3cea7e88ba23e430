import { CreateHospitalInput } from '../../../application/hospitals/create-hospital';
import { validateInput } from '../../../application/validation/validate-input';
import { parseHospitalName } from '../../../domain/hospital';
import { StaffRole } from '../../../domain/staff';
import { LegacyHospitalRecord } from '../../legacy/legacy-hospital-record';
import { LegacyHospitalApi } from '../../legacy/legacy-hospital-api';
import { LegacyNoteApi } from '../../legacy/legacy-note-api';
import { LegacyPatientApi } from '../../legacy/legacy-patient-api';
import { CachedRead } from '../../legacy/legacy-read-cache';
import { unwrapHospitalEnvelope } from '../../http/routes/legacy-envelope';
import { SCREENING_IMAGE_TYPES } from './image-types';
import { LegacyAnswer, LegacyCall, LegacyMethod, LegacyRouteRow } from './legacy-route';
import { readNoteInput, NoteInput } from './note-input';
import { imageBody, jsonBody, NO_BODY, RequestBodyRule } from './request-body';

/** The legacy resources the rows call; `src/adapters/legacy` owns each one. */
export interface LegacyResources {
  readonly patients: Pick<LegacyPatientApi, 'list' | 'patient' | 'notesOf' | 'screen'>;
  readonly notes: Pick<LegacyNoteApi, 'create'>;
  readonly hospitals: Pick<LegacyHospitalApi, 'list' | 'get' | 'create' | 'rename' | 'remove'>;
}

/** JSON bodies: a note or a hospital name is a few hundred bytes; 64 KiB leaves room and no more. */
const JSON_LIMIT = 64 * 1024;
/** Images: 4 MiB, so the base64 event stays under Lambda's 6 MB invocation payload. */
export const SCREENING_IMAGE_LIMIT = 4 * 1024 * 1024;

const NOTE = jsonBody(JSON_LIMIT, readNoteInput);
const HOSPITAL_NAME = jsonBody(JSON_LIMIT, async (value) => (await validateInput(CreateHospitalInput, unwrapHospitalEnvelope(value))).name);
const SCREENING_IMAGE = imageBody(SCREENING_IMAGE_TYPES, SCREENING_IMAGE_LIMIT);

/**
 * Every request the gateway may forward to legacy HOSP: the observed contract
 * (../shared/legacy-hosp-api.md) and no more. Each row names the least role that may use it:
 * patients and notes need `staff`; hospitals follow the core API (reads `read-only`,
 * changes `admin`). To forward another legacy route, add one row
 * here (method, path, body rule, resource call) and a test; anything not in this table is
 * answered by hosp (404, or 405 with `Allow`) and never reaches legacy — TRACE, OPTIONS,
 * CONNECT, legacy's debug routes and unknown paths included. The hospital rows serve
 * `/hospitals` only while HOSP_ROUTES sends it to legacy.
 */
export function legacyRouteTable({ patients, notes, hospitals }: LegacyResources): LegacyRouteRow[] {
  return [
    read('/patients', 'staff', 'Patient', ({ context }) => patients.list(context)),
    read('/patients/{id}', 'staff', 'Patient', ({ id, context }) => patients.patient(id, context)),
    read('/patients/{id}/notes', 'staff', 'Patient', ({ id, context }) => patients.notesOf(id, context)),
    {
      ...row('POST', '/notes', 'staff', 'Patient', NOTE, async ({ body, author, context, idempotency }: LegacyCall<NoteInput>) => {
        const draft = { title: body.title, body: body.body, patientId: Number(body.patient_id), authorLegacyStaffId: author };
        const { note, reconciled } = await notes.create(draft, context, idempotency);
        return { status: 201, json: note, reconciled };
      }),
      author: { field: 'staff_id' },
      idempotencyKey: true,
    },
    row('POST', '/patients/{id}/screen', 'staff', 'Patient', SCREENING_IMAGE, async ({ id, body, context }: LegacyCall<{ contentType: string; bytes: Buffer }>) => {
      const result = await patients.screen(id, body, context);
      return result && { status: 200, json: result };
    }),

    read('/hospitals', 'read-only', 'Hospital', ({ context }) => hospitals.list(context)),
    read('/hospitals/{id}', 'read-only', 'Hospital', ({ id, context }) => hospitals.get(id, context)),
    {
      ...row('POST', '/hospitals', 'admin', 'Hospital', HOSPITAL_NAME, async ({ body, context, idempotency }: LegacyCall<string>) => {
        const record = await hospitals.create(parseHospitalName(body), idempotency, context);
        return { status: 201, json: record, location: `/hospitals/${record.id}` };
      }),
      idempotencyKey: true,
    },
    row('PATCH', '/hospitals/{id}', 'admin', 'Hospital', HOSPITAL_NAME, rename(hospitals)),
    row('PUT', '/hospitals/{id}', 'admin', 'Hospital', HOSPITAL_NAME, rename(hospitals)),
    row('DELETE', '/hospitals/{id}', 'admin', 'Hospital', NO_BODY, async ({ id, context }) => ((await hospitals.remove(id, context)) ? { status: 204 } : null)),
  ];
}

const rename = (hospitals: LegacyResources['hospitals']) =>
  async ({ id, body, context }: LegacyCall<string>): Promise<LegacyAnswer> => {
    const record: LegacyHospitalRecord | null = await hospitals.rename(id, parseHospitalName(body), context);
    return record && { status: 200, json: record };
  };

function row<B>(
  method: LegacyMethod,
  path: string,
  role: StaffRole,
  resource: string,
  body: RequestBodyRule<B>,
  call: (input: LegacyCall<B>) => Promise<LegacyAnswer>,
): LegacyRouteRow {
  return { method, path, role, resource, body: body as RequestBodyRule<unknown>, call: call as LegacyRouteRow['call'] };
}

/** A GET (HEAD is derived from it) whose answer may come from the read cache. */
function read(path: string, role: StaffRole, resource: string, fetch: (input: LegacyCall<undefined>) => Promise<CachedRead<unknown> | null>): LegacyRouteRow {
  return row('GET', path, role, resource, NO_BODY, async (input) => {
    const cached = await fetch(input);
    return cached && { status: 200, json: cached.value, ageSeconds: cached.ageSeconds };
  });
}
