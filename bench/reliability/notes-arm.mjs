// The POST /notes arm of the reliability benchmark: note creates by a careful client (one
// Idempotency-Key per note, retried with that key on 5xx, 429, resets and timeouts, with
// exponential backoff for about half a minute) straight to legacy, through the original nginx
// set-up, and through hosp. Success = the client ends with a 201; duplicates = notes legacy
// stored twice for one create.
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { startHospServer } from '../lib/hosp-server.mjs';
import { tablesWithStaff } from '../lib/staff.mjs';
import { startSimulator } from '../lib/sim-process.mjs';
import { quantile } from '../lib/stats.mjs';
import { startNginx } from './nginx-runner.mjs';

/** Backoff before each retry (ms): about 32 s in all, longer than legacy can still be working on a lost attempt. */
export const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 16000];
const LEGACY_STAFF_ID = 7;
const MEMBER = { username: 'nurse', password: 'a long enough benchmark password' };
const CLIENT_TIMEOUT_MS = 30_000;

function post(agent, base, authorization, note, key) {
  const body = JSON.stringify(note);
  return new Promise((resolve) => {
    const req = http.request(new URL('/notes', base), {
      method: 'POST',
      agent,
      headers: { authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': key },
      timeout: CLIENT_TIMEOUT_MS,
    });
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode));
      res.once('error', () => resolve('reset'));
    });
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', () => resolve('reset'));
    req.end(body);
  });
}

/** One note, retried with its key until it is created or the retries run out. */
async function createNote(agent, base, authorization, note, delays) {
  const key = randomUUID();
  const started = process.hrtime.bigint();
  const statuses = [];
  for (let attempt = 0; ; attempt++) {
    const status = await post(agent, base, authorization, note, key);
    statuses.push(status);
    const retryable = status === 'reset' || status === 429 || (typeof status === 'number' && status >= 500);
    if (status === 201 || !retryable || attempt >= delays.length) {
      return { ok: status === 201, statuses, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    }
    await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
  }
}

export async function runNotesArm(arm, size, seed, nginx, faults) {
  const sim = await startSimulator({ seed, faults });
  let front;
  try {
    const legacyAuth = `Basic ${Buffer.from('legacy:legacy-password').toString('base64')}`;
    if (arm === 'direct') front = { url: sim.url, authorization: legacyAuth, stop: async () => {} };
    if (arm === 'nginx') front = { ...(await startNginx(nginx.path, sim.url)), authorization: legacyAuth };
    if (arm === 'hosp') {
      // hosp's member: an account linked to legacy staff id 7, in fresh DynamoDB tables.
      const db = await tablesWithStaff('notes', [{ ...MEMBER, legacyStaffId: LEGACY_STAFF_ID }]);
      front = await startHospServer(
        {
          HOSP_STORE: 'dynamodb',
          DYNAMODB_ENDPOINT: db.endpoint,
          HOSP_TABLE_PREFIX: db.prefix,
          HOSP_LEGACY_URL: sim.url,
          HOSP_LEGACY_AUTH: 'legacy:legacy-password',
        },
        { firstAdmin: false },
      );
      front.authorization = `Basic ${Buffer.from(`${MEMBER.username}:${MEMBER.password}`).toString('base64')}`;
    }
    const before = await sim.stats();
    const agent = new http.Agent({ keepAlive: true, maxSockets: size.concurrency });
    const notes = Array.from({ length: size.notes }, (_, i) => ({
      title: `Reliability note ${seed}-${i}`,
      body: 'Checked and well.',
      patient_id: 1 + (i % 3),
      // Legacy's own clients name the author; hosp ignores it for its own member's legacy id.
      ...(arm !== 'hosp' && { staff_id: LEGACY_STAFF_ID }),
    }));
    const outcomes = new Array(notes.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: size.concurrency }, async () => {
        while (next < notes.length) {
          const i = next++;
          outcomes[i] = await createNote(agent, front.url, front.authorization, notes[i], size.retryDelaysMs ?? RETRY_DELAYS_MS);
        }
      }),
    );
    agent.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const stats = await sim.stats();
    const stored = await sim.notes();
    const count = new Map();
    for (const n of stored) count.set(n.title, (count.get(n.title) ?? 0) + 1);
    const duplicates = [...count.values()].reduce((d, c) => d + Math.max(0, c - 1), 0);
    const wrongAuthor = stored.filter((n) => n.staff_id !== LEGACY_STAFF_ID).length;
    const ok = outcomes.filter((o) => o.ok).length;
    const finalStatuses = {};
    for (const o of outcomes) if (!o.ok) finalStatuses[o.statuses.at(-1)] = (finalStatuses[o.statuses.at(-1)] ?? 0) + 1;
    return {
      arm,
      notes: notes.length,
      succeeded: ok,
      successRate: (ok / notes.length) * 100,
      duplicates,
      missing: notes.filter((n) => !count.has(n.title)).length,
      wrongAuthor,
      clientAttemptsPerNote: outcomes.reduce((n, o) => n + o.statuses.length, 0) / notes.length,
      upstreamPerNote: (stats.totalRequests - before.totalRequests) / notes.length,
      p50: quantile(outcomes.map((o) => o.ms), 0.5),
      p99: quantile(outcomes.map((o) => o.ms), 0.99),
      failedFinalStatuses: finalStatuses,
      faults: stats.faults,
    };
  } finally {
    await front?.stop();
    await sim.close();
  }
}
