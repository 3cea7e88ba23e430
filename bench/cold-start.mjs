// Benchmark 3 — cold start: for each bundled API Lambda (dist/lambda/<name>/index.js, built by
// scripts/package-lambdas.mjs), the bundle size and the time a fresh Node process takes to
// load it, build the container and answer a first authenticated GET /hospitals/{id}, beside a
// minimal Middy + lib-dynamodb handler bundled with the same esbuild settings. Then the same
// first request behind API Gateway's authorizer: (a) the authorizer and the hospitals function
// both cold (the authorizer's scrypt check, then the handler trusting its context), and (b) a
// cold hospitals function when API Gateway already cached the authorization (no check at all).
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { LAMBDA_BUILD_OPTIONS } from '../scripts/lambda-build-options.mjs';
import { freshTables } from './lib/dynamodb-local.mjs';
import { distDir, distHas, hospEnv, requireDist, root } from './lib/hosp-dist.mjs';
import { runProcess } from './lib/processes.mjs';
import { fixed, formatSummary, ratio, summarize } from './lib/stats.mjs';

const FULL = { processes: 20 };
const SMOKE = { processes: 2 };
const STAFF = { username: 'coldstart', password: 'cold-start-password-1' };

/** Bundles every entry point with the project's own packager (what `npm run package` runs). */
async function packageLambdas(outdir) {
  const result = await runProcess(process.execPath, [path.join(root, 'scripts', 'package-lambdas.mjs'), '--outdir', outdir], { cwd: root });
  if (result.code !== 0) throw new Error(`package-lambdas failed: ${result.stderr || result.stdout}`);
  const names = (await readdir(outdir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return names.map((name) => ({ name, file: path.join(outdir, name, 'index.js') }));
}

/** The baseline, bundled with the settings of scripts/package-lambdas.mjs. */
async function bundleMinimal(outdir) {
  const file = path.join(outdir, 'index.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'bench', 'cold-start', 'minimal-handler.mjs')],
    outfile: file,
    ...LAMBDA_BUILD_OPTIONS,
  });
  return { name: 'minimal Middy + lib-dynamodb (baseline)', file, baseline: true };
}

/** Tables with one staff member and one hospital, and a fault-free legacy simulator for gateways. */
async function fixtures() {
  const db = await freshTables('cold');
  const { startApp } = requireDist('infra/app');
  const { loadConfig } = requireDist('infra/config/config');
  const { RegisterStaff } = requireDist('application/staff/register-staff');
  const { CreateHospital } = requireDist('application/hospitals/create-hospital');
  const { SYSTEM_ACTOR } = requireDist('domain/staff');
  const app = await startApp(loadConfig({ HOSP_STORE: 'dynamodb', DYNAMODB_ENDPOINT: db.endpoint, HOSP_TABLE_PREFIX: db.prefix, AWS_REGION: 'us-east-1' }));
  await app.container.get(RegisterStaff).execute(STAFF, SYSTEM_ACTOR);
  const hospital = await app.container.get(CreateHospital).execute({ name: 'Cold Start Hospital' }, SYSTEM_ACTOR);
  await app.close();
  let sim;
  if (distHas('tools/legacy-sim/legacy-simulator')) {
    const { createLegacySimulator } = requireDist('tools/legacy-sim/legacy-simulator');
    sim = await createLegacySimulator({ generate: 5 });
  }
  const { ScryptPasswordHasher } = requireDist('adapters/crypto/scrypt-password-hasher');
  return { db, hospital, sim, hash: await new ScryptPasswordHasher().hash(STAFF.password) };
}

/** One password check with hosp's scrypt parameters in a fresh process (the first event pays one). */
async function scryptCheck(hash) {
  const result = await runProcess(process.execPath, [path.join(root, 'bench', 'cold-start', 'scrypt-child.cjs')], {
    env: hospEnv({
      HOSP_BENCH_HASHER: path.join(distDir, 'adapters', 'crypto', 'scrypt-password-hasher.js'),
      HOSP_BENCH_PASSWORD: STAFF.password,
      HOSP_BENCH_HASH: hash,
    }),
  });
  const marker = result.stdout.lastIndexOf('@@cold-start@@');
  if (result.code !== 0 || marker < 0) throw new Error(`scrypt check failed: ${result.stderr.slice(-500)}`);
  const { scryptMs, ok } = JSON.parse(result.stdout.slice(marker + '@@cold-start@@'.length));
  if (!ok) throw new Error('scrypt check rejected the password');
  return scryptMs;
}

/** The authorizer's view of that request (HTTP API, REQUEST, payload 2.0): no body, the identity source's value. */
function authorizerEventFor(hospitalId) {
  const { isBase64Encoded: _, ...request } = eventFor(hospitalId);
  return {
    ...request,
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:us-east-1:123456789012:api-id/$default/GET${request.rawPath}`,
    identitySource: [request.headers.authorization],
    cookies: [],
  };
}

/** The authenticated HTTP API v2 `GET /hospitals/{id}`; with `authorizer`, as API Gateway passes it on after the authorizer allowed it. */
function eventFor(hospitalId, authorizer) {
  const authorization = `Basic ${Buffer.from(`${STAFF.username}:${STAFF.password}`).toString('base64')}`;
  const rawPath = `/hospitals/${hospitalId}`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { authorization, host: 'id.execute-api.us-east-1.amazonaws.com', 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.1' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'bench' },
      requestId: 'cold-start-1',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
      ...(authorizer && { authorizer: { lambda: authorizer } }),
    },
    isBase64Encoded: false,
  };
}

async function coldStart(bundle, env) {
  const started = process.hrtime.bigint();
  const child = path.join(root, 'bench', 'cold-start', 'cold-start-child.cjs');
  const result = await runProcess(process.execPath, [child], { env: { ...env, HOSP_BENCH_BUNDLE: bundle.file } });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.code !== 0) throw new Error(`${bundle.name}: first event failed: ${result.stderr.slice(-1500)}`);
  const marker = result.stdout.lastIndexOf('@@cold-start@@');
  if (marker < 0) throw new Error(`${bundle.name}: no timings in the output: ${result.stdout.slice(-500)}`);
  return { ...JSON.parse(result.stdout.slice(marker + '@@cold-start@@'.length)), wallMs };
}

export async function run({ smoke, repeat, log }) {
  const n = repeat ?? (smoke ? SMOKE : FULL).processes;
  const outdir = path.join(distDir, 'lambda');
  const packaged = await packageLambdas(outdir);
  // The authorizer answers API Gateway, not HTTP requests: it has its own arms below.
  const authorizer = packaged.find((b) => b.name === 'authorizer');
  const bundles = packaged.filter((b) => b !== authorizer);
  bundles.push(await bundleMinimal(path.join(distDir, 'bench-minimal-lambda')));
  for (const b of [...bundles, ...(authorizer ? [authorizer] : [])]) b.bytes = (await stat(b.file)).size;
  const hospitals = bundles.find((b) => b.name === 'hospitals');
  const { db, hospital, sim, hash } = await fixtures();
  const scryptSamples = [];
  const env = hospEnv({
    HOSP_STORE: 'dynamodb',
    DYNAMODB_ENDPOINT: db.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    HOSP_TABLE_PREFIX: db.prefix,
    HOSPITALS_TABLE: db.tables.hospitals,
    HOSP_BENCH_EVENT: JSON.stringify(eventFor(hospital.id)),
    ...(sim && { HOSP_LEGACY_URL: sim.url, HOSP_LEGACY_AUTH: 'legacy:legacy-password' }),
  });
  const samples = new Map(bundles.map((b) => [b, []]));
  /** Per fresh process pair: the authorizer's first decision, and the hospitals handler's first answer trusting it. */
  const authorizerSamples = [];
  const trustedSamples = [];
  try {
    for (let i = 0; i < n; i++) {
      for (const bundle of bundles) samples.get(bundle).push(await coldStart(bundle, env));
      if (authorizer && hospitals) {
        const decision = await coldStart(authorizer, { ...env, HOSP_BENCH_EVENT: JSON.stringify(authorizerEventFor(hospital.id)) });
        if (decision.authorized !== true) throw new Error(`authorizer denied the benchmark's credentials: ${JSON.stringify(decision)}`);
        authorizerSamples.push(decision);
        trustedSamples.push(
          await coldStart(hospitals, { ...env, HOSP_TRUST_AUTHORIZER: 'true', HOSP_BENCH_EVENT: JSON.stringify(eventFor(hospital.id, decision.context)) }),
        );
      }
      scryptSamples.push(await scryptCheck(hash));
    }
  } finally {
    await sim?.close();
    db.client.destroy();
  }
  const scryptMs = summarize(scryptSamples).median;
  const baseline = bundles.find((b) => b.baseline);
  const baseReady = summarize(samples.get(baseline).map((s) => s.readyMs)).median;
  const rows = bundles.map((b) => {
    const s = samples.get(b);
    const ready = summarize(s.map((x) => x.readyMs));
    return {
      bundle: b,
      statuses: [...new Set(s.map((x) => x.status))],
      ready,
      load: summarize(s.map((x) => x.loadMs)),
      first: summarize(s.map((x) => x.firstEventMs)),
      wall: summarize(s.map((x) => x.wallMs)),
      ratio: ratio(ready.median, baseReady),
    };
  });
  for (const r of rows) log(`${r.bundle.name}: ${fixed(r.ready.median)} ms ready (${fixed(r.ratio, 2)}×), status ${r.statuses.join('/')}`);
  const hospRows = rows.filter((r) => !r.bundle.baseline);

  const kib = (bundle) => fixed(bundle.bytes / 1024, 1);
  // Behind the authorizer. (a) API Gateway calls the cold authorizer, then the cold hospitals
  // function: one request costs both, one after the other, so each pair's times are summed.
  // (b) Another container's first request once API Gateway has cached the authorization.
  const pairs = authorizerSamples.map((a, i) => {
    const t = trustedSamples[i];
    return { loadMs: a.loadMs + t.loadMs, firstEventMs: a.firstEventMs + t.firstEventMs, readyMs: a.readyMs + t.readyMs, wallMs: a.wallMs + t.wallMs, status: t.status };
  });
  const arm = (name, list, size, status, scryptPaid) => {
    const ready = summarize(list.map((x) => x.readyMs));
    return {
      name,
      size,
      status,
      ready,
      load: summarize(list.map((x) => x.loadMs)),
      first: summarize(list.map((x) => x.firstEventMs)),
      wall: summarize(list.map((x) => x.wallMs)),
      ratio: ratio(ready.median, baseReady),
      scryptPaid,
    };
  };
  const authorizerArms = authorizer && authorizerSamples.length > 0
    ? [
        arm('dist/lambda/authorizer (first decision)', authorizerSamples, kib(authorizer), [...new Set(authorizerSamples.map((x) => (x.authorized ? 'allow' : 'deny')))].join('/'), true),
        arm('(a) authorizer + dist/lambda/hospitals trusting it, both cold (sum)', pairs, `${kib(authorizer)} + ${kib(hospitals)}`, [...new Set(pairs.map((x) => x.status))].join('/'), true),
        arm('(b) dist/lambda/hospitals trusting a cached authorization', trustedSamples, kib(hospitals), [...new Set(trustedSamples.map((x) => x.status))].join('/'), false),
      ]
    : [];
  for (const r of authorizerArms) log(`${r.name}: ${fixed(r.ready.median)} ms ready (${fixed(r.ratio, 2)}×), ${r.status}`);
  const [, chainArm, cachedArm] = authorizerArms;

  return {
    title: `3. Cold start — ${hospRows.length} bundled Lambda(s) beside a minimal Middy handler, and behind the API Gateway authorizer, ${n} fresh processes each`,
    repetitions: n,
    notes: [
      'Bundles: `node scripts/package-lambdas.mjs` (what `npm run package` runs) into dist/lambda; the baseline bench/cold-start/minimal-handler.mjs with the same esbuild settings.',
      'Each sample is a fresh `node` process (bench/cold-start/cold-start-child.cjs) that requires the bundle and awaits its handler once with an authenticated HTTP API v2 `GET /hospitals/{id}` against DynamoDB Local; processes of all arms are interleaved.',
      '"ready" = require + first answer, measured inside the child from the moment the harness starts running (Node\'s own boot, ~equal for all arms, excluded; the "process wall" column includes it).',
      `One scrypt password check with hosp's parameters (N=2^17, r=8, p=1) takes ${formatSummary(summarize(scryptSamples))} ms here (median (min–max), one fresh process per sample, interleaved with the cold starts: bench/cold-start/scrypt-child.cjs); every hosp first event pays one. The last column subtracts that median from hosp's median ready time.`,
      'The hosp handler\'s first event includes what a real first request costs: building the inversify container, loading the staff member and verifying the password with scrypt (cached afterwards), then reading the hospital. The baseline does only the read.',
      'Behind the API Gateway authorizer (HOSP_TRUST_AUTHORIZER=true, the deployed stack): each repetition also starts a fresh process with dist/lambda/authorizer and its first authorizer event (HTTP API, REQUEST, payload 2.0) for the same credentials — loading the staff member, one scrypt check, the login throttle — then a fresh process with dist/lambda/hospitals answering the same GET with the context that authorizer returned, verifying nothing.',
      '(a) = the first authenticated request when both are cold: the two processes\' times summed, since API Gateway calls the authorizer, then the integration. (b) = a second container\'s first authenticated request while API Gateway holds the authorization in its cache (≤ 300 s per Authorization header): only the cold hospitals function. API Gateway\'s own hops are not measured here.',
    ],
    tables: [
      {
        title: 'Median (min–max) over fresh processes, ms',
        columns: ['bundle', 'size KiB', 'first status', 'load (require)', 'first event', 'ready (load + first event)', 'process wall', 'ready ÷ baseline', '(ready − one scrypt check) ÷ baseline'],
        rows: rows.map((r) => [
          r.bundle.baseline ? r.bundle.name : `dist/lambda/${r.bundle.name}`,
          fixed(r.bundle.bytes / 1024, 1),
          r.statuses.join('/'),
          formatSummary(r.load),
          formatSummary(r.first),
          formatSummary(r.ready),
          formatSummary(r.wall),
          `${fixed(r.ratio, 2)}×`,
          r.bundle.baseline ? '—' : `${fixed(ratio(r.ready.median - scryptMs, baseReady), 2)}×`,
        ]),
      },
      ...(authorizerArms.length > 0
        ? [
            {
              title: 'Behind the API Gateway authorizer: median (min–max) over fresh processes, ms',
              columns: ['path', 'size KiB', 'first answer', 'load (require)', 'first event', 'ready (load + first event)', 'process wall', 'ready ÷ baseline', '(ready − one scrypt check) ÷ baseline'],
              rows: authorizerArms.map((r) => [
                r.name,
                r.size,
                r.status,
                formatSummary(r.load),
                formatSummary(r.first),
                formatSummary(r.ready),
                formatSummary(r.wall),
                `${fixed(r.ratio, 2)}×`,
                r.scryptPaid ? `${fixed(ratio(r.ready.median - scryptMs, baseReady), 2)}×` : '—',
              ]),
            },
          ]
        : []),
    ],
    metrics: {
      scryptVerifyMs: scryptMs,
      bundles: rows.map((r) => ({
        name: r.bundle.name,
        baseline: r.bundle.baseline === true,
        bytes: r.bundle.bytes,
        statuses: r.statuses,
        readyMs: r.ready,
        ratio: r.ratio,
        samples: samples.get(r.bundle),
      })),
      ...(authorizerArms.length > 0 && {
        authorizer: {
          bytes: authorizer.bytes,
          decisions: authorizerSamples.map((x) => x.authorized),
          trustedStatuses: [...new Set(trustedSamples.map((x) => x.status))],
          bothCold: { readyMs: chainArm.ready, ratio: chainArm.ratio },
          cachedAuthorization: { readyMs: cachedArm.ready, ratio: cachedArm.ratio },
          authorizerSamples,
          trustedSamples,
        },
      }),
    },
    targets: [
      ...hospRows.map((r) => ({ target: `${r.bundle.name}: answers the first event with 200`, measured: r.statuses.join('/'), met: r.statuses.length === 1 && r.statuses[0] === 200 })),
      ...hospRows.map((r) => ({ target: `${r.bundle.name}: ready ≤ 1.5× minimal handler`, measured: `${fixed(r.ratio, 2)}×`, met: r.ratio <= 1.5 })),
      ...(authorizerArms.length > 0
        ? [
            {
              target: 'authorizer: allows the first event; hospitals trusting it answers 200',
              measured: `${authorizerArms[0].status}; ${cachedArm.status}`,
              met: authorizerSamples.every((x) => x.authorized === true) && trustedSamples.every((x) => x.status === 200),
            },
            { target: '(a) authorizer + hospitals, both cold: ready ≤ 1.5× minimal handler', measured: `${fixed(chainArm.ratio, 2)}×`, met: chainArm.ratio <= 1.5 },
            { target: '(b) hospitals with a cached authorization: ready ≤ 1.5× minimal handler', measured: `${fixed(cachedArm.ratio, 2)}×`, met: cachedArm.ratio <= 1.5 },
          ]
        : []),
    ],
  };
}
