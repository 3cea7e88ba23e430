import { createHash } from 'node:crypto';
import { SimDatabase } from './sim-database';
import { hospitalName, noteFields, SimParams } from './sim-params';
import { SimHospital, SimNote, SimPatient } from './sim-records';
import { SimStats } from './sim-stats';

/** What a route answers; `body` is JSON unless it is a string. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly contentType?: string;
}

/** A request as routes see it: Rails params and the raw body. */
export interface RouteInput {
  readonly params: SimParams;
  readonly body: Buffer;
}

/** One legacy route. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly pattern: string;
  /** Whether a 2xx answer means something was written (for commit-then-fail). */
  readonly write: boolean;
  handle(pathParams: string[], input: RouteInput): Reply;
}

/** Adds the Rails `url` field (`{base}/{kind}/{id}.json`) to a record. */
export type WithUrl = <T extends { id: number }>(kind: string, record: T) => T & { url: string };

export const notFound = (): Reply => ({ status: 404, body: { status: 404, error: 'Not Found' } });

/** Legacy's routes over the simulator's data. */
export function buildRoutes(db: SimDatabase, stats: SimStats, withUrl: WithUrl): Route[] {
  const hospital = (h: SimHospital) => withUrl('hospitals', h);
  const patient = (p: SimPatient) => withUrl('patients', p);
  const note = (n: SimNote) => withUrl('notes', n);
  const findHospital = (id: string) => db.hospitals.get(Number(id));
  const rename = (params: string[], { params: input }: RouteInput): Reply => {
    const current = findHospital(params[0]!);
    if (!current) return notFound();
    const name = hospitalName(input);
    if (name === undefined) return { status: 200, body: hospital(current) };
    if (!name.trim()) return { status: 422, body: { name: ["can't be blank"] } };
    return { status: 200, body: hospital(db.renameHospital(current, name)) };
  };
  return [
    { method: 'GET', pattern: '/hospitals', write: false, handle: () => ({ status: 200, body: db.listHospitals().map(hospital) }) },
    {
      method: 'GET',
      pattern: '/hospitals/:id',
      write: false,
      handle: ([id]) => {
        const found = findHospital(id!);
        return found ? { status: 200, body: hospital(found) } : notFound();
      },
    },
    {
      method: 'POST',
      pattern: '/hospitals',
      write: true,
      handle: (_, { params }) => {
        const name = hospitalName(params);
        if (typeof name !== 'string' || !name.trim()) return { status: 422, body: { name: ["can't be blank"] } };
        stats.create('hospitals');
        return { status: 201, body: hospital(db.createHospital(name)) };
      },
    },
    { method: 'PATCH', pattern: '/hospitals/:id', write: true, handle: rename },
    { method: 'PUT', pattern: '/hospitals/:id', write: true, handle: rename },
    {
      method: 'DELETE',
      pattern: '/hospitals/:id',
      write: true,
      handle: ([id]) => (db.hospitals.delete(Number(id)) ? { status: 204 } : notFound()),
    },
    { method: 'GET', pattern: '/patients', write: false, handle: () => ({ status: 200, body: [...db.patients.values()].map(patient) }) },
    {
      method: 'GET',
      pattern: '/patients/:id',
      write: false,
      handle: ([id]) => {
        const found = db.patients.get(Number(id));
        return found ? { status: 200, body: patient(found) } : notFound();
      },
    },
    {
      method: 'GET',
      pattern: '/patients/:id/notes',
      write: false,
      handle: ([id]) => (db.patients.has(Number(id)) ? { status: 200, body: db.notesOf(Number(id)).map(note) } : notFound()),
    },
    {
      method: 'POST',
      pattern: '/notes',
      write: true,
      handle: (_, { params }) => {
        const input = noteFields(params);
        const errors: Record<string, string[]> = {};
        if (typeof input.title !== 'string' || !input.title.trim()) errors.title = ["can't be blank"];
        if (typeof input.body !== 'string' || !input.body.trim()) errors.body = ["can't be blank"];
        if (!db.patients.has(Number(input.patient_id))) errors.patient = ['must exist'];
        if (Object.keys(errors).length > 0) return { status: 422, body: errors };
        stats.create('notes');
        const created = db.createNote({
          title: input.title as string,
          body: input.body as string,
          patient_id: Number(input.patient_id),
          staff_id: input.staff_id ?? null,
        });
        return { status: 201, body: note(created) };
      },
    },
    {
      method: 'POST',
      pattern: '/patients/:id/screen',
      write: false,
      handle: ([id], { body }) => {
        if (!db.patients.has(Number(id))) return notFound();
        const score = createHash('sha256').update(body).digest()[0]! / 255;
        return {
          status: 200,
          body: {
            patient_id: Number(id),
            result: score > 0.8 ? 'abnormal' : 'clear',
            confidence: Math.round((0.5 + Math.abs(score - 0.8) / 2) * 100) / 100,
            bytes_screened: body.length,
          },
        };
      },
    },
  ];
}

const ID = '([1-9][0-9]{0,15})';

/** A route and the parameters taken from its path. */
export interface RouteMatch {
  readonly route: Route;
  readonly params: string[];
}

/** The route for a method and path (HEAD is answered as GET); null when none matches. */
export function matchRoute(routes: Route[], method: string, path: string): RouteMatch | null {
  const verb = method === 'HEAD' ? 'GET' : method;
  for (const route of routes) {
    if (route.method !== verb) continue;
    const found = new RegExp(`^${route.pattern.replace(/:id/g, ID)}$`).exec(path);
    if (found) return { route, params: found.slice(1) };
  }
  return null;
}
