// Benchmark 5 — log analysis: `hosp logs analyze` over ≥ 300 MB (uncompressed) of generated,
// real-format ALB access logs in .gz files, beside `zcat … | wc -l` on the same files (the
// floor: decompress and count lines, nothing else). Generated files are cached in bench/.data.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createAlbLogGenerator, writeAlbLogCorpus } from './alb-log-generator.mjs';
import { dataDir } from './lib/data-dir.mjs';
import { cliMain, hospEnv, root } from './lib/hosp-dist.mjs';
import { runProcess } from './lib/processes.mjs';
import { fixed, formatSummary, ratio, summarize } from './lib/stats.mjs';

const FULL = { minBytes: 300e6, linesPerFile: 50_000, repetitions: 3 };
const SMOKE = { minBytes: 1.5e6, linesPerFile: 1_000, repetitions: 1 };
const SEED = 8;
const MALFORMED_RATE = 0.0005;
const RSS_TARGET_MB = 150;
/** A variant, not the shipped default: the same command with V8's old space capped, to show how much of the RSS is uncollected garbage. */
const VARIANT_HEAP = '--max-old-space-size=64';

/** The generated corpus, from the cache when present: { dir, files, bytes, lines, truth }. */
export async function corpus({ minBytes, linesPerFile }, log) {
  const sample = createAlbLogGenerator({ seed: SEED, malformedRate: MALFORMED_RATE });
  let sampleBytes = 0;
  for (let i = 0; i < 5000; i++) sampleBytes += Buffer.byteLength(sample.next()) + 1;
  const files = Math.max(2, Math.ceil((minBytes * 1.03) / ((sampleBytes / 5000) * linesPerFile)));
  const dir = path.join(dataDir, `alb-logs-seed${SEED}-${files}x${linesPerFile}`);
  const manifestFile = path.join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    if (manifest.bytes >= minBytes) return { dir, ...manifest };
  }
  await rm(dir, { recursive: true, force: true });
  log(`generating ${files} files × ${linesPerFile} lines in ${path.relative(root, dir)} (cached for later runs)…`);
  const { files: written, truth } = await writeAlbLogCorpus(path.join(dir, 'logs'), {
    files,
    linesPerFile,
    seed: SEED,
    malformedRate: MALFORMED_RATE,
  });
  let bytes = 0;
  for (const file of written) {
    for await (const chunk of createReadStream(file).pipe(createGunzip())) bytes += chunk.length;
  }
  const manifest = { files: written.map((f) => path.relative(dir, f)), bytes, lines: files * linesPerFile, truth };
  if (bytes < minBytes) throw new Error(`generated only ${bytes} bytes, below ${minBytes}`);
  await mkdir(dir, { recursive: true });
  await writeFile(manifestFile, JSON.stringify(manifest));
  return { dir, ...manifest };
}

async function analyzeOnce(dir, nodeArgs = []) {
  const rusageFile = path.join(os.tmpdir(), `hosp-bench-rusage-${process.pid}-${Date.now()}.json`);
  const hook = path.join(root, 'bench', 'lib', 'rusage-hook.cjs');
  const result = await runProcess(
    process.execPath,
    [...nodeArgs, '--require', hook, cliMain, 'logs', 'analyze', '--json', '--slo', '50', path.join(dir, 'logs')],
    { env: hospEnv({ HOSP_BENCH_RUSAGE_FILE: rusageFile }) },
  );
  if (result.code !== 0) throw new Error(`hosp logs analyze exited ${result.code}: ${result.stderr.slice(-1000)}`);
  const usage = JSON.parse(await readFile(rusageFile, 'utf8'));
  await rm(rusageFile, { force: true });
  const report = JSON.parse(result.stdout);
  return { wallMs: result.wallMs, maxRssMB: (usage.maxRSS * 1024) / 1e6, entries: report.total, malformed: report.malformed.count, files: report.files };
}

async function zcatOnce(corpusInfo) {
  const files = corpusInfo.files.map((f) => path.join(corpusInfo.dir, f));
  const result = await runProcess('sh', ['-c', 'zcat "$@" | wc -l', 'zcat-wc', ...files], {});
  if (result.code !== 0) throw new Error(`zcat | wc -l failed: ${result.stderr}`);
  return { wallMs: result.wallMs, lines: Number(result.stdout.trim()) };
}

export async function run({ smoke, repeat, log }) {
  const size = smoke ? SMOKE : FULL;
  const repetitions = repeat ?? size.repetitions;
  const data = await corpus(size, log);
  const mb = data.bytes / 1e6;
  const hosp = [];
  const base = [];
  const capped = [];
  for (let r = 0; r < repetitions; r++) {
    const z = await zcatOnce(data);
    base.push({ ...z, mbPerSecond: mb / (z.wallMs / 1000) });
    const a = await analyzeOnce(data.dir);
    hosp.push({ ...a, mbPerSecond: mb / (a.wallMs / 1000) });
    const c = await analyzeOnce(data.dir, [VARIANT_HEAP]);
    capped.push({ ...c, mbPerSecond: mb / (c.wallMs / 1000) });
    log(`zcat|wc -l ${fixed(base.at(-1).mbPerSecond)} MB/s; hosp logs analyze ${fixed(hosp.at(-1).mbPerSecond)} MB/s, peak RSS ${fixed(a.maxRssMB)} MB`);
  }
  const hospRate = summarize(hosp.map((h) => h.mbPerSecond));
  const baseRate = summarize(base.map((b) => b.mbPerSecond));
  const rss = summarize(hosp.map((h) => h.maxRssMB));
  const rateRatio = ratio(hospRate.median, baseRate.median);
  const allLinesSeen = [...hosp, ...capped].every((h) => h.entries + h.malformed === data.lines) && base.every((b) => b.lines === data.lines);
  return {
    title: `5. Log analysis — ${fixed(mb, 0)} MB of ALB logs in ${data.files.length} .gz files`,
    repetitions,
    notes: [
      `Input: ${data.lines.toLocaleString('en-US')} lines, ${fixed(mb, 1)} MB uncompressed, generated by bench/alb-log-generator.mjs (seed ${SEED}, ${MALFORMED_RATE * 100} % malformed lines), cached in ${path.relative(root, data.dir)}.`,
      'hosp: `node dist/infra/cli/main.js logs analyze --json --slo 50 DIR` (what bin/hosp.js runs), wall time of the whole process including Node start-up; peak RSS is the child\'s own maxRSS (process.resourceUsage, via bench/lib/rusage-hook.cjs).',
      `Variant (not the default, not judged by the targets): the same command run as \`node ${VARIANT_HEAP} …\`, to show whether the peak RSS is live data or garbage V8 has not yet collected.`,
      'Baseline: `sh -c \'zcat FILES… | wc -l\'` on the same files, wall time.',
      `Rate ratio hosp / baseline (medians): ${fixed(rateRatio, 2)}.`,
    ],
    tables: [
      {
        title: 'Median (min–max) over repetitions',
        columns: ['arm', 'MB/s (uncompressed)', 'wall s', 'peak RSS MB', 'lines seen'],
        rows: [
          ['hosp logs analyze', formatSummary(hospRate), formatSummary(summarize(hosp.map((h) => h.wallMs / 1000)), 2), formatSummary(rss), `${hosp[0].entries} entries + ${hosp[0].malformed} malformed`],
          [`variant: node ${VARIANT_HEAP}`, formatSummary(summarize(capped.map((h) => h.mbPerSecond))), formatSummary(summarize(capped.map((h) => h.wallMs / 1000)), 2), formatSummary(summarize(capped.map((h) => h.maxRssMB))), `${capped[0].entries} entries + ${capped[0].malformed} malformed`],
          ['zcat | wc -l', formatSummary(baseRate), formatSummary(summarize(base.map((b) => b.wallMs / 1000)), 2), '—', String(base[0].lines)],
        ],
      },
    ],
    metrics: { bytes: data.bytes, lines: data.lines, truth: data.truth, hosp, base, capped, rateRatio },
    targets: [
      { target: 'every line counted (entries + malformed = lines written = wc -l)', measured: allLinesSeen ? 'yes' : 'NO', met: allLinesSeen },
      { target: 'rate ≥ 0.5× zcat | wc -l', measured: `${fixed(rateRatio, 2)}×`, met: rateRatio >= 0.5 },
      { target: `peak RSS ≤ ${RSS_TARGET_MB} MB`, measured: `${fixed(rss.median)} MB (max ${fixed(rss.max)})`, met: rss.max <= RSS_TARGET_MB },
    ],
  };
}
