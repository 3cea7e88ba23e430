import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlbLogGenerator, writeAlbLogCorpus } from '../../../bench/alb-log-generator.mjs';
import { writeCloudFrontLogCorpus } from '../../../bench/cloudfront-log-generator.mjs';
import { analyzeAccessLogs } from '../../../src/tools/access-logs/analyze-access-logs';
import { isMalformed, parseAlbLogLine } from '../../../src/tools/access-logs/parse-alb-log-line';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hosp-gen-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the ALB log generator used by tests and the benchmark', () => {
  it('is deterministic by seed', () => {
    const lines = (seed: number) => {
      const generator = createAlbLogGenerator({ seed, malformedRate: 0.05 });
      return Array.from({ length: 200 }, () => generator.next());
    };
    expect(lines(7)).toEqual(lines(7));
    expect(lines(8)).not.toEqual(lines(7));
  });

  it('writes only lines the parser accepts, unless asked for malformed ones', () => {
    const generator = createAlbLogGenerator({ seed: 3, elbErrorRate: 0.05, targetErrorRate: 0.05 });
    const rejected = Array.from({ length: 2000 }, () => parseAlbLogLine(generator.next())).filter(isMalformed);
    expect(rejected).toEqual([]);
  });

  it('produces a corpus whose analysis matches its ground truth exactly', async () => {
    const { files, truth } = await writeAlbLogCorpus(dir, {
      seed: 11,
      files: 3,
      linesPerFile: 4000,
      meanGapMs: 60_000, // spread over several days
      elbErrorRate: 0.02,
      targetErrorRate: 0.01,
      malformedRate: 0.01,
      gzipLevel: 1,
    });
    expect(files).toHaveLength(3);
    expect(files.every((f) => f.includes('/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/') && f.endsWith('.log.gz'))).toBe(true);

    const report = await analyzeAccessLogs([join(dir, 'AWSLogs')]);
    expect(report.files).toBe(3);
    expect(report.total).toBe(truth.total);
    expect(report.malformed.count).toBe(truth.malformed);
    expect(report.total + report.malformed.count).toBe(12_000);
    expect(report.errors5xx).toEqual({ elb: truth.elb5xx, target: truth.target5xx });
    expect(report.latencyMs.max).toBe(truth.maxTotalMs);
    expect(report.byDay.map((d) => [d.day, d.total, d.errors5xx.elb, d.errors5xx.target])).toEqual(
      Object.entries(truth.byDay).map(([day, t]) => [day, t.total, t.elb5xx, t.target5xx]),
    );
    expect(report.byDay.length).toBeGreaterThan(3);
    expect(report.byRoute.map((r) => r.route)).toEqual(expect.arrayContaining(['GET /hospitals/{id}', 'GET /hospitals/{id}.json', 'GET /patients/{id}/notes']));
  });
});

describe('the CloudFront log generator used by the benchmark', () => {
  it('produces a corpus (v2 day layout, a header per file) whose analysis matches its ground truth exactly', async () => {
    const cloudfront = join(dir, 'cloudfront-v2');
    const { files, truth } = await writeCloudFrontLogCorpus(cloudfront, {
      seed: 12,
      files: 3,
      linesPerFile: 4000,
      meanGapMs: 60_000,
      edgeErrorRate: 0.02,
      originErrorRate: 0.01,
      malformedRate: 0.01,
      gzipLevel: 1,
    });
    expect(files.every((f) => /\/E2HOSPEXAMPLE\/\d{4}\/\d\d\/\d\d\/E2HOSPEXAMPLE\.\d{4}-\d\d-\d\d-\d\d\.[0-9a-f]{8}\.gz$/.test(f))).toBe(true);
    const report = await analyzeAccessLogs([cloudfront]);
    expect(report).toMatchObject({ format: 'cloudfront', files: 3, total: truth.total });
    expect(report.malformed.count).toBe(truth.malformed);
    expect(report.total + report.malformed.count).toBe(12_000);
    expect(report.errors5xx).toEqual({ edge: truth.edge5xx, origin: truth.origin5xx });
    expect(report.latencyMs.max).toBe(truth.maxTimeTakenMs);
    expect(report.byDay.map((d) => [d.day, d.total, d.errors5xx.edge, d.errors5xx.origin])).toEqual(
      Object.entries(truth.byDay).map(([day, t]) => [day, t.total, t.edge5xx, t.origin5xx]),
    );
  });
});
