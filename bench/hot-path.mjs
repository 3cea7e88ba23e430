// Benchmark 9 — per-request costs in the handler's hot path, in process, as interleaved pairs:
// the authentication-cache key (a one-shot salted SHA-256, what hosp uses, vs the HMAC it
// replaced) for a realistic Authorization header. CPU µs from process.cpuUsage().
import { createHmac, hash, randomBytes } from 'node:crypto';
import { cpuUsage } from 'node:process';
import { fixed, formatSummary, ratio, summarize } from './lib/stats.mjs';

const FULL = { rounds: 21, callsPerRound: 200_000 };
const SMOKE = { rounds: 3, callsPerRound: 2_000 };

const header = `Basic ${Buffer.from('dr.alexandra.whitfield@riverside-vets.example:correct horse battery staple 2026').toString('base64')}`;
const key = randomBytes(32);
const salt = randomBytes(32).toString('base64url');

const ARMS = [
  { name: 'HMAC-SHA-256 under a per-process key (before)', baseline: true, keyOf: (h) => createHmac('sha256', key).update(h, 'utf8').digest('base64url') },
  { name: 'crypto.hash SHA-256 of salt + header (hosp)', keyOf: (h) => hash('sha256', `${salt}:${h}`, 'base64url') },
];

/** CPU µs per call over `calls` calls (user + system of this process). */
function measure(arm, calls) {
  let sink = 0;
  const before = cpuUsage();
  for (let i = 0; i < calls; i++) sink += arm.keyOf(header).length;
  const used = cpuUsage(before);
  if (sink === 0) throw new Error('no keys computed');
  return (used.user + used.system) / calls;
}

export async function run({ smoke, repeat, log }) {
  const size = smoke ? SMOKE : FULL;
  const rounds = repeat ?? size.rounds;
  for (const arm of ARMS) measure(arm, size.callsPerRound / 10); // warm-up: JIT and crypto init
  const samples = ARMS.map(() => []);
  for (let r = 0; r < rounds; r++) {
    // ABAB…, then BABA… on odd rounds, so neither arm always runs first.
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) samples[i].push(measure(ARMS[i], size.callsPerRound));
    log(`round ${r + 1}: ${ARMS.map((a, i) => `${a.name.split(' ')[0]} ${fixed(samples[i].at(-1), 3)} µs`).join(', ')}`);
  }
  const summaries = samples.map((s) => summarize(s));
  const baseline = summaries[0].median;
  const hosp = summaries[1].median;
  return {
    title: `9. Hot path — authentication-cache key, ${rounds} interleaved rounds of ${size.callsPerRound.toLocaleString('en-US')} calls`,
    repetitions: rounds,
    notes: [
      `Input: a ${header.length}-character \`Authorization: Basic …\` header, the same for every call (the key is computed on every authenticated request, cached or not).`,
      'CPU µs per call from process.cpuUsage() (user + system) around each batch; rounds alternate which arm runs first.',
    ],
    tables: [
      {
        title: 'Median (min–max) over rounds',
        columns: ['cache key', 'CPU µs per call', 'ratio to HMAC'],
        rows: ARMS.map((arm, i) => [arm.name, formatSummary(summaries[i], 3), arm.baseline ? '1.00' : fixed(ratio(summaries[i].median, baseline), 2)]),
      },
    ],
    metrics: { arms: ARMS.map((arm, i) => ({ name: arm.name, cpuMicrosPerCall: summaries[i] })) },
    targets: [{ target: 'the key costs less than the HMAC it replaced', measured: `${fixed(ratio(hosp, baseline), 2)}×`, met: hosp < baseline }],
  };
}
