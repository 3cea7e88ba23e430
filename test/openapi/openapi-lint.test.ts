import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import document from '../../src/adapters/http/openapi.json';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const DOCUMENT = join(ROOT, 'src/adapters/http/openapi.json');
const SPECTRAL = require.resolve('@stoplight/spectral-cli/dist/index.js');
const REDOCLY = require.resolve('@redocly/cli/bin/cli.js');
const OFFLINE = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };

interface Finding {
  readonly rule: string;
  readonly where: string;
  readonly message: string;
}

/** Every finding of Spectral with `ruleset`, whatever its severity. */
async function spectral(ruleset: string, path: string, dir: string): Promise<Finding[]> {
  const out = join(dir, `spectral-${Date.now()}-${Math.random()}.json`);
  await run(process.execPath, [SPECTRAL, 'lint', '-r', join(ROOT, 'test/openapi', ruleset), '-f', 'json', '-o', out, '-F', 'hint', path], { env: OFFLINE }).catch((error: { code?: number }) => {
    if (error.code !== 1) throw error; // 1: findings, reported in the file
  });
  const results = JSON.parse(await readFile(out, 'utf8')) as { code: string; path: string[]; message: string }[];
  return results.map((r) => ({ rule: r.code, where: r.path.join('.'), message: r.message }));
}

/** Every finding of Redocly with the `recommended` rules. */
async function redocly(path: string): Promise<Finding[]> {
  const { stdout } = await run(process.execPath, [REDOCLY, 'lint', '--config', join(ROOT, 'test/openapi/redocly.yaml'), '--format', 'json', path], { env: OFFLINE }).catch(
    (error: { code?: number; stdout: string }) => {
      if (error.code !== 1) throw error;
      return error as { stdout: string };
    },
  );
  const report = JSON.parse(stdout) as { problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
  return report.problems.map((p) => ({ rule: p.ruleId, where: p.location[0]?.pointer ?? '', message: p.message }));
}

/**
 * The document passes third-party linters with nothing left over: Redocly's `recommended`,
 * Spectral's `spectral:oas`, and Spectral's OWASP API Security ruleset, whose rules that do
 * not apply are switched off in test/openapi/spectral-owasp.yaml, each with its reason.
 * All offline, from packages installed by `npm ci`.
 */
describe('the OpenAPI document under third-party linters', () => {
  let dir: string;
  let brokenPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hosp-openapi-lint-'));
    // A copy that a careless edit could produce: an operation without tags or description,
    // an unbounded string, an example that breaks its schema, a duplicated operationId.
    const broken = structuredClone(document) as any;
    delete broken.paths['/hospitals'].get.tags;
    delete broken.paths['/hospitals'].get.description;
    delete broken.components.schemas.Error.properties.error.properties.message.maxLength;
    broken.components.schemas.Hospital.example = { ...broken.components.schemas.Hospital.example, id: 'nine' };
    broken.paths['/hospitals/{id}'].put.operationId = 'updateHospital';
    brokenPath = join(dir, 'openapi.json');
    await writeFile(brokenPath, JSON.stringify(broken, null, 2));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('Redocly recommended: 0 errors, 0 warnings', async () => {
    expect(await redocly(DOCUMENT)).toEqual([]);
  }, 60_000);

  it('Spectral spectral:oas: 0 errors, 0 warnings', async () => {
    expect(await spectral('spectral-oas.yaml', DOCUMENT, dir)).toEqual([]);
  }, 60_000);

  it('Spectral OWASP API Security Top 10: every finding fixed or waived with its reason', async () => {
    expect(await spectral('spectral-owasp.yaml', DOCUMENT, dir)).toEqual([]);
  }, 60_000);

  it('a test of the test: each linter catches a broken copy', async () => {
    const rules = (findings: Finding[]) => new Set(findings.map((f) => f.rule));
    expect([...rules(await redocly(brokenPath))]).toEqual(expect.arrayContaining(['operation-operationId-unique']));
    expect([...rules(await spectral('spectral-oas.yaml', brokenPath, dir))]).toEqual(
      expect.arrayContaining(['operation-tags', 'operation-description', 'oas3-valid-schema-example', 'operation-operationId-unique']),
    );
    expect([...rules(await spectral('spectral-owasp.yaml', brokenPath, dir))]).toEqual(expect.arrayContaining(['owasp:api4:2023-string-limit']));
  }, 120_000);
});
