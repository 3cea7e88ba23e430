// Benchmark 5 — log analysis: `hosp logs analyze` over ≥ 300 MB (uncompressed) of generated,
// real-format access logs in .gz files, beside `zcat … | wc -l` on the same files (the floor:
// decompress and count lines, nothing else). Two arms on the same volume: ALB access logs
// (legacy, per attempt) and CloudFront standard logs (what clients received, tab-separated
// with a #Fields header per file). Generated files are cached in bench/.data.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createAlbLogGenerator, writeAlbLogCorpus } from './alb-log-generator.mjs';
import { CLOUDFRONT_HEADER, createCloudFrontLogGenerator, writeCloudFrontLogCorpus } from './cloudfront-log-generator.mjs';
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

/** The two formats measured: how to generate each, and the lines per file that are not entries (headers). */
const ARMS = {
  alb: { name: 'ALB', createGenerator: createAlbLogGenerator, writeCorpus: writeAlbLogCorpus, subdir: 'logs', headerLines: 0, dirName: 'alb-logs' },
  cloudfront: {
    name: 'CloudFront',
    createGenerator: createCloudFrontLogGenerator,
    writeCorpus: writeCloudFrontLogCorpus,
    subdir: 'cloudfront-v2',
    headerLines: CLOUDFRONT_HEADER.length,
    dirName: 'cloudfront-logs',
  },
};

/** The generated corpus of one format, from the cache when present: { dir, logs, files, bytes, lines, entriesWritten, truth }. */
export async function corpus({ minBytes, linesPerFile }, log, format = 'alb') {
  const arm = ARMS[format];
  const sample = arm.createGenerator({ seed: SEED, malformedRate: MALFORMED_RATE });
  let sampleBytes = 0;
  for (let i = 0; i < 5000; i++) sampleBytes += Buffer.byteLength(sample.next()) + 1;
  const files = Math.max(2, Math.ceil((minBytes * 1.03) / ((sampleBytes / 5000) * linesPerFile)));
  const dir = path.join(dataDir, `${arm.dirName}-seed${SEED}-${files}x${linesPerFile}`);
  const logs = path.join(dir, arm.subdir);
  const manifestFile = path.join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    if (manifest.bytes >= minBytes) return { dir, logs, entriesWritten: manifest.lines - manifest.files.length * arm.headerLines, ...manifest };
  }
  await rm(dir, { recursive: true, force: true });
  log(`generating ${files} ${arm.name} files × ${linesPerFile} lines in ${path.relative(root, dir)} (cached for later runs)…`);
  const { files: written, truth } = await arm.writeCorpus(logs, { files, linesPerFile, seed: SEED, malformedRate: MALFORMED_RATE });
  let bytes = 0;
  for (const file of written) {
    for await (const chunk of createReadStream(file).pipe(createGunzip())) bytes += chunk.length;
  }
  const entriesWritten = files * linesPerFile;
  const manifest = { files: written.map((f) => path.relative(dir, f)), bytes, lines: entriesWritten + files * arm.headerLines, entriesWritten, truth };
  if (bytes < minBytes) throw new Error(`generated only ${bytes} bytes, below ${minBytes}`);
  await mkdir(dir, { recursive: true });
  await writeFile(manifestFile, JSON.stringify(manifest));
  return { dir, logs, ...manifest };
}

async function analyzeOnce(logs, nodeArgs = []) {
  const rusageFile = path.join(os.tmpdir(), `hosp-bench-rusage-${process.pid}-${Date.now()}.json`);
  const hook = path.join(root, 'bench', 'lib', 'rusage-hook.cjs');
  const result = await runProcess(
    process.execPath,
    [...nodeArgs, '--require', hook, cliMain, 'logs', 'analyze', '--json', '--slo', '50', logs],
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

/** One format: zcat | wc -l, hosp, and hosp under a capped old space, interleaved per repetition. */
async function measure(format, size, repetitions, log) {
  const data = await corpus(size, log, format);
  const mb = data.bytes / 1e6;
  const hosp = [];
  const base = [];
  const capped = [];
  for (let r = 0; r < repetitions; r++) {
    const z = await zcatOnce(data);
    base.push({ ...z, mbPerSecond: mb / (z.wallMs / 1000) });
    const a = await analyzeOnce(data.logs);
    hosp.push({ ...a, mbPerSecond: mb / (a.wallMs / 1000) });
    const c = await analyzeOnce(data.logs, [VARIANT_HEAP]);
    capped.push({ ...c, mbPerSecond: mb / (c.wallMs / 1000) });
    log(`${ARMS[format].name}: zcat|wc -l ${fixed(base.at(-1).mbPerSecond)} MB/s; hosp logs analyze ${fixed(hosp.at(-1).mbPerSecond)} MB/s, peak RSS ${fixed(a.maxRssMB)} MB`);
  }
  const hospRate = summarize(hosp.map((h) => h.mbPerSecond));
  const baseRate = summarize(base.map((b) => b.mbPerSecond));
  const rss = summarize(hosp.map((h) => h.maxRssMB));
  const rateRatio = ratio(hospRate.median, baseRate.median);
  const allLinesSeen =
    [...hosp, ...capped].every((h) => h.entries + h.malformed === data.entriesWritten) && base.every((b) => b.lines === data.lines);
  return { format, data, mb, hosp, base, capped, hospRate, baseRate, rss, rateRatio, allLinesSeen };
}

function rows(m) {
  const name = ARMS[m.format].name;
  return [
    [`${name}: hosp logs analyze`, formatSummary(m.hospRate), formatSummary(summarize(m.hosp.map((h) => h.wallMs / 1000)), 2), formatSummary(m.rss), `${m.hosp[0].entries} entries + ${m.hosp[0].malformed} malformed`],
    [`${name}: variant node ${VARIANT_HEAP}`, formatSummary(summarize(m.capped.map((h) => h.mbPerSecond))), formatSummary(summarize(m.capped.map((h) => h.wallMs / 1000)), 2), formatSummary(summarize(m.capped.map((h) => h.maxRssMB))), `${m.capped[0].entries} entries + ${m.capped[0].malformed} malformed`],
    [`${name}: zcat | wc -l`, formatSummary(m.baseRate), formatSummary(summarize(m.base.map((b) => b.wallMs / 1000)), 2), '—', String(m.base[0].lines)],
  ];
}

function targets(m) {
  const name = ARMS[m.format].name;
  const headers = ARMS[m.format].headerLines > 0 ? ` + ${ARMS[m.format].headerLines} header lines per file` : '';
  return [
    { target: `${name}: every line counted (entries + malformed${headers} = lines written = wc -l)`, measured: m.allLinesSeen ? 'yes' : 'NO', met: m.allLinesSeen },
    { target: `${name}: rate ≥ 0.5× zcat | wc -l`, measured: `${fixed(m.rateRatio, 2)}×`, met: m.rateRatio >= 0.5 },
    { target: `${name}: peak RSS ≤ ${RSS_TARGET_MB} MB`, measured: `${fixed(m.rss.median)} MB (max ${fixed(m.rss.max)})`, met: m.rss.max <= RSS_TARGET_MB },
  ];
}

export async function run({ smoke, repeat, log }) {
  const size = smoke ? SMOKE : FULL;
  const repetitions = repeat ?? size.repetitions;
  const alb = await measure('alb', size, repetitions, log);
  const cloudfront = await measure('cloudfront', size, repetitions, log);
  const describe = (m) =>
    `${ARMS[m.format].name}: ${m.data.lines.toLocaleString('en-US')} lines (${m.data.entriesWritten.toLocaleString('en-US')} entries${ARMS[m.format].headerLines > 0 ? ' plus the #Version and #Fields lines of each file' : ''}), ${fixed(m.mb, 1)} MB uncompressed in ${m.data.files.length} .gz files, generated by bench/${m.format === 'alb' ? 'alb' : 'cloudfront'}-log-generator.mjs (seed ${SEED}, ${MALFORMED_RATE * 100} % malformed lines), cached in ${path.relative(root, m.data.dir)}.`;
  return {
    title: `5. Log analysis — ${fixed(alb.mb, 0)} MB of ALB logs and ${fixed(cloudfront.mb, 0)} MB of CloudFront logs in .gz files`,
    repetitions,
    notes: [
      `Input: ${describe(alb)}`,
      `Input: ${describe(cloudfront)}`,
      'hosp: `node dist/infra/cli/main.js logs analyze --json --slo 50 DIR` (what bin/hosp.js runs; the format is detected per file), wall time of the whole process including Node start-up; peak RSS is the child\'s own maxRSS (process.resourceUsage, via bench/lib/rusage-hook.cjs).',
      `Variant (not the default, not judged by the targets): the same command run as \`node ${VARIANT_HEAP} …\`, to show whether the peak RSS is live data or garbage V8 has not yet collected.`,
      'Baseline: `sh -c \'zcat FILES… | wc -l\'` on the same files, wall time.',
      `Rate ratio hosp / baseline (medians): ALB ${fixed(alb.rateRatio, 2)}, CloudFront ${fixed(cloudfront.rateRatio, 2)}.`,
    ],
    tables: [
      {
        title: 'Median (min–max) over repetitions',
        columns: ['arm', 'MB/s (uncompressed)', 'wall s', 'peak RSS MB', 'lines seen'],
        rows: [...rows(alb), ...rows(cloudfront)],
      },
    ],
    metrics: {
      bytes: alb.data.bytes,
      lines: alb.data.lines,
      truth: alb.data.truth,
      hosp: alb.hosp,
      base: alb.base,
      capped: alb.capped,
      rateRatio: alb.rateRatio,
      cloudfront: {
        bytes: cloudfront.data.bytes,
        lines: cloudfront.data.lines,
        entriesWritten: cloudfront.data.entriesWritten,
        truth: cloudfront.data.truth,
        hosp: cloudfront.hosp,
        base: cloudfront.base,
        capped: cloudfront.capped,
        rateRatio: cloudfront.rateRatio,
      },
    },
    targets: [...targets(alb), ...targets(cloudfront)],
  };
}
