import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Dependencies point inward (docs/architecture.md): the core (domain + application) knows
 * nothing of adapters, composition, the CLI's tools or transport; the tools know nothing of the
 * service; an adapter imports another only through a port or a shared module; and each port
 * lives where its users are. This test reads every source file under src/ and checks its imports.
 */
const ROOT = path.resolve(__dirname, '../..');
const CORE_DIRS = ['src/domain', 'src/application'];
const FORBIDDEN_DIRS = ['src/adapters', 'src/infra', 'src/tools'];
const FORBIDDEN_PACKAGES: RegExp[] = [
  /^@aws-sdk\//,
  /^@middy\//,
  /^(node:)?https?(\/|$)/,
  /^(node:)?http2$/,
  /^undici(\/|$)/,
  /^inversify(\/|$)/,
  /^@inversifyjs\//,
];

const IMPORT = /(?:\bimport\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?|\bexport\s+[^'"]*?\s+from\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;

/** Module specifiers a TypeScript source imports, re-exports or requires. */
function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((match) => match[1]!);
}

/** Whether the repository-relative path `target` is `dir` or inside it. */
const isIn = (target: string, dir: string): boolean => target === dir || target.startsWith(`${dir}/`);

/** The repository-relative path (without extension) a relative `specifier` in `file` names. */
function targetOf(file: string, specifier: string): string {
  return path.relative(ROOT, path.resolve(path.dirname(file), specifier)).split(path.sep).join('/').replace(/\.(ts|js)$/, '');
}

/** Why `specifier`, imported from `file`, breaks the dependency rule; null when it is allowed. */
function violation(file: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const target = targetOf(file, specifier);
    const fromDomain = isIn(path.relative(ROOT, file), 'src/domain');
    const dir = [...FORBIDDEN_DIRS, ...(fromDomain ? ['src/application'] : [])].find((d) => isIn(target, d));
    return dir ? `imports ${dir} (${specifier})` : null;
  }
  return FORBIDDEN_PACKAGES.some((p) => p.test(specifier)) ? `imports ${specifier}` : null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js|mts|cts)$/.test(entry.name) ? [full] : [];
  });
}

/** Every source file under src/ (repository-relative, no extension) and the src/ files it imports. */
type ImportGraph = ReadonlyMap<string, readonly string[]>;

function importGraph(): ImportGraph {
  return new Map(
    sourceFiles(path.join(ROOT, 'src')).map((file) => [
      path.relative(ROOT, file).split(path.sep).join('/').replace(/\.(ts|js|mts|cts)$/, ''),
      importsOf(readFileSync(file, 'utf8'))
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => targetOf(file, specifier)),
    ]),
  );
}

const TOOLS = 'src/tools';
const TOOL_USERS = ['src/adapters/cli', 'src/infra'];

/** Imports of src/ from inside src/tools that leave src/tools: a tool imports nothing of the service. */
function toolsReachingOut(graph: ImportGraph): string[] {
  return [...graph].flatMap(([file, targets]) =>
    isIn(file, TOOLS) ? targets.filter((t) => isIn(t, 'src') && !isIn(t, TOOLS)).map((t) => `${file} imports ${t}`) : [],
  );
}

/** Imports of src/tools from outside it other than by the CLI. */
function toolsUsedOutsideTheCli(graph: ImportGraph): string[] {
  return [...graph].flatMap(([file, targets]) =>
    isIn(file, TOOLS) || TOOL_USERS.some((dir) => isIn(file, dir))
      ? []
      : targets.filter((t) => isIn(t, TOOLS)).map((t) => `${file} imports ${t}`),
  );
}

const DOMAIN_PORTS = 'src/domain/ports';
const AREA_PORTS = /^src\/application\/([^/]+)\/ports\//;

/**
 * The area of the core a file belongs to: `src/application/<area>`, or `src/domain` for the
 * whole domain; null outside the core.
 */
function coreAreaOf(file: string): string | null {
  if (isIn(file, 'src/domain')) return 'src/domain';
  const area = /^src\/application\/([^/]+)\//.exec(file);
  return area ? `src/application/${area[1]}` : null;
}

/** For each file of `graph`, the areas of the core that import it. */
function coreAreasImporting(graph: ImportGraph): Map<string, Set<string>> {
  const areas = new Map<string, Set<string>>([...graph.keys()].map((file) => [file, new Set<string>()]));
  for (const [file, targets] of graph) {
    const area = coreAreaOf(file);
    if (area) for (const target of targets) areas.get(target)?.add(area);
  }
  return areas;
}

/**
 * Core-wide ports that only one area calls, and why they stay core-wide nonetheless. Each must
 * still be needed: an entry for a port that now meets the rule, or no longer exists, fails.
 */
const CORE_WIDE_BY_EXCEPTION: Readonly<Record<string, string>> = {
  'src/domain/ports/audit-log':
    'the trail of every write: only staff use cases call it, but the hospital repositories\' adapters record hospital writes there',
};

/** Ports in src/domain/ports that fewer than two areas of the core import, unless excepted; and exceptions not needed. */
function domainPortsNotCoreWide(graph: ImportGraph, exceptions: Readonly<Record<string, string>>): string[] {
  const areas = coreAreasImporting(graph);
  const underused = [...graph.keys()].filter((file) => isIn(file, DOMAIN_PORTS) && areas.get(file)!.size < 2);
  const misplaced = underused
    .filter((port) => !(port in exceptions))
    .map((port) => `${port} is imported by ${[...areas.get(port)!].join(', ') || 'no area of the core'}`);
  const unneeded = Object.keys(exceptions)
    .filter((port) => !underused.includes(port))
    .map((port) => `${port} is excepted but ${graph.has(port) ? 'meets the rule' : 'does not exist'}`);
  return [...misplaced, ...unneeded];
}

/** Imports of a port in src/application/<area>/ports from another area of the application, or from the domain. */
function areaPortsUsedElsewhere(graph: ImportGraph): string[] {
  return [...graph].flatMap(([file, targets]) =>
    targets.flatMap((target) => {
      const owner = AREA_PORTS.exec(target)?.[1];
      if (!owner) return [];
      const area = coreAreaOf(file);
      return area && area !== `src/application/${owner}` ? [`${file} imports ${target}`] : [];
    }),
  );
}

/**
 * Helper modules any adapter may import: they implement no port and drive nothing. A shared
 * module itself imports no adapter but another shared module.
 */
const SHARED_ADAPTER_MODULES = [
  'src/adapters/shared',
  'src/adapters/observability',
];

/** Interfaces between adapters (ports the core does not need): any adapter may import them to implement or use them. */
const ADAPTER_PORTS: Readonly<Record<string, string>> = {
  'src/adapters/idempotency/idempotent-runner': 'keyed writes run once across the fleet: the HTTP routes and the legacy client use it (docs/fleet.md)',
  'src/adapters/legacy/shared-read-cache': 'the legacy read cache\'s second level, implemented over DynamoDB',
  'src/adapters/gateway/legacy-acl/fleet-member-share': 'a fleet member\'s share of legacy capacity, implemented over DynamoDB',
};

/**
 * An adapter folder that imports another one, and why. Each must still be needed: an entry
 * no import uses fails.
 */
const ADAPTERS_COMPOSING_ADAPTERS: Readonly<Record<string, string>> = {
  'cli -> http': '`hosp serve` runs the local HTTP server',
  'cli -> migration': 'the migrate commands drive the migration\'s file sources, sinks and checkpoints',
  'gateway -> http': 'the gateway is the HTTP API plus legacy routes: it composes the HTTP stack (router, middlewares, errors, requests, responses)',
  'gateway -> legacy': 'the gateway\'s legacy routes (the anti-corruption layer) call legacy through its resources and map their answers',
  'migration -> legacy': 'the migration reads legacy hospitals through the legacy hospital API and record',
  'http -> idempotency': 'the in-process idempotency runner the HTTP API uses when none is injected',
  'legacy -> idempotency': 'the in-process idempotency runner the legacy client uses when none is injected',
};

/** The adapter folder (`src/adapters/<name>`) a file belongs to; null outside the adapters. */
const adapterOf = (file: string): string | null => /^src\/adapters\/([^/]+)\//.exec(file)?.[1] ?? null;

const isSharedAdapterModule = (file: string): boolean => SHARED_ADAPTER_MODULES.some((dir) => isIn(file, dir));

/**
 * Imports of one adapter folder by another that neither a shared module, an adapter port nor
 * an excepted pair allows, as `file imports target`; then exceptions no import needs.
 */
function adaptersImportingAdapters(
  graph: ImportGraph,
  ports: Readonly<Record<string, string>>,
  exceptions: Readonly<Record<string, string>>,
): string[] {
  const used = new Set<string>();
  const problems = [...graph].flatMap(([file, targets]) => {
    const from = adapterOf(file);
    if (!from) return [];
    return targets.flatMap((target) => {
      const to = adapterOf(target);
      if (!to || to === from || isSharedAdapterModule(target)) return [];
      if (isSharedAdapterModule(file)) return [`${file} imports ${target} (a shared module imports only shared modules)`];
      if (target in ports) return [];
      const pair = `${from} -> ${to}`;
      if (pair in exceptions) {
        used.add(pair);
        return [];
      }
      return [`${file} imports ${target}`];
    });
  });
  const unneeded = Object.keys(exceptions).filter((pair) => !used.has(pair)).map((pair) => `${pair} is excepted but no import needs it`);
  return [...problems, ...unneeded];
}

describe('architecture: an adapter imports another only through a port or a shared module', () => {
  const graph = importGraph();

  it('finds the adapters', () => {
    expect(new Set([...graph.keys()].map(adapterOf).filter((a) => a !== null)).size).toBeGreaterThan(8);
  });

  it('each adapter port and shared module exists', () => {
    const exists = (module: string) => graph.has(module) || [...graph.keys()].some((file) => isIn(file, module));
    expect([...Object.keys(ADAPTER_PORTS), ...SHARED_ADAPTER_MODULES].filter((module) => !exists(module))).toEqual([]);
  });

  it('no adapter folder imports another except through a shared module, an adapter port or a listed exception', () => {
    expect(adaptersImportingAdapters(graph, ADAPTER_PORTS, ADAPTERS_COMPOSING_ADAPTERS)).toEqual([]);
  });

  describe('the checker itself', () => {
    const broken: ImportGraph = new Map([
      ['src/adapters/memory/in-memory-audit-log', ['src/adapters/dynamodb/audit-item', 'src/adapters/shared/id-cursor', 'src/domain/audit-entry']],
      ['src/adapters/memory/in-memory-hospitals', ['src/adapters/memory/in-memory-audit-log', 'src/adapters/observability/json-log']],
      ['src/adapters/dynamodb/audit-item', ['src/adapters/legacy/shared-read-cache']],
      ['src/adapters/shared/id-cursor', ['src/adapters/http/router', 'src/adapters/observability/metrics']],
      ['src/adapters/cli/commands/serve', ['src/adapters/http/local-server']],
      ['src/adapters/http/local-server', []],
      ['src/infra/app', ['src/adapters/dynamodb/audit-item']],
    ]);

    it('flags an adapter importing another adapter and a shared module importing an adapter, naming file and import', () => {
      expect(adaptersImportingAdapters(broken, { 'src/adapters/legacy/shared-read-cache': 'why' }, { 'cli -> http': 'why' })).toEqual([
        'src/adapters/memory/in-memory-audit-log imports src/adapters/dynamodb/audit-item',
        'src/adapters/shared/id-cursor imports src/adapters/http/router (a shared module imports only shared modules)',
      ]);
    });

    it('flags an import of an adapter port that is not listed, and an exception no import needs', () => {
      expect(adaptersImportingAdapters(broken, {}, { 'cli -> http': 'why', 'memory -> dynamodb': 'why', 'gateway -> legacy': 'why' })).toEqual([
        'src/adapters/dynamodb/audit-item imports src/adapters/legacy/shared-read-cache',
        'src/adapters/shared/id-cursor imports src/adapters/http/router (a shared module imports only shared modules)',
        'gateway -> legacy is excepted but no import needs it',
      ]);
    });
  });
});

describe('architecture: the CLI\'s tools stand apart', () => {
  const graph = importGraph();

  it('finds the tools', () => {
    expect([...graph.keys()].filter((file) => isIn(file, TOOLS)).length).toBeGreaterThan(10);
  });

  it('src/tools imports nothing of the service (domain, application, adapters, infra)', () => {
    expect(toolsReachingOut(graph)).toEqual([]);
  });

  it('only the CLI (src/adapters/cli, src/infra) imports src/tools', () => {
    expect(toolsUsedOutsideTheCli(graph)).toEqual([]);
  });

  describe('the checkers themselves', () => {
    it('flag a tool importing the core and a tool imported by a non-CLI adapter', () => {
      const broken: ImportGraph = new Map([
        ['src/tools/legacy-sim/sim-database', ['src/domain/hospital', 'src/tools/legacy-sim/sim-records']],
        ['src/tools/legacy-sim/sim-records', []],
        ['src/adapters/http/server', ['src/tools/legacy-sim/sim-database']],
        ['src/adapters/cli/commands/legacy-sim', ['src/tools/legacy-sim/sim-database']],
        ['src/infra/cli/main', ['src/tools/legacy-sim/sim-records']],
        ['src/domain/hospital', []],
      ]);
      expect(toolsReachingOut(broken)).toEqual(['src/tools/legacy-sim/sim-database imports src/domain/hospital']);
      expect(toolsUsedOutsideTheCli(broken)).toEqual(['src/adapters/http/server imports src/tools/legacy-sim/sim-database']);
    });
  });
});

describe('architecture: each port lives where its users are', () => {
  const graph = importGraph();

  it('finds the ports', () => {
    expect([...graph.keys()].filter((file) => isIn(file, DOMAIN_PORTS)).length).toBeGreaterThan(3);
    expect([...graph.keys()].filter((file) => AREA_PORTS.test(file)).length).toBeGreaterThan(3);
  });

  it('every port in src/domain/ports is imported by at least two areas of the core', () => {
    expect(domainPortsNotCoreWide(graph, CORE_WIDE_BY_EXCEPTION)).toEqual([]);
  });

  it('a port in src/application/<area>/ports is imported by no other area of the core', () => {
    expect(areaPortsUsedElsewhere(graph)).toEqual([]);
  });

  describe('the checkers themselves', () => {
    const graphOf = (entries: Array<[string, string[]]>): ImportGraph => new Map(entries);

    it('flag a domain port only one area imports, counting areas, not folders or files', () => {
      const graph = graphOf([
        ['src/domain/ports/clock', []],
        ['src/domain/ports/hasher', []],
        ['src/application/staff/register', ['src/domain/ports/clock', 'src/domain/ports/hasher']],
        ['src/application/staff/ports/other', ['src/domain/ports/hasher']],
        ['src/application/hospitals/create', ['src/domain/ports/clock']],
        ['src/adapters/crypto/hasher', ['src/domain/ports/hasher']],
      ]);
      expect(domainPortsNotCoreWide(graph, {})).toEqual(['src/domain/ports/hasher is imported by src/application/staff']);
      expect(domainPortsNotCoreWide(graph, { 'src/domain/ports/hasher': 'why' })).toEqual([]);
    });

    it('flag an exception that is no longer needed', () => {
      const graph = graphOf([
        ['src/domain/ports/clock', []],
        ['src/domain/hospital', ['src/domain/ports/clock']],
        ['src/application/staff/register', ['src/domain/ports/clock']],
      ]);
      expect(domainPortsNotCoreWide(graph, { 'src/domain/ports/clock': 'why', 'src/domain/ports/gone': 'why' })).toEqual([
        'src/domain/ports/clock is excepted but meets the rule',
        'src/domain/ports/gone is excepted but does not exist',
      ]);
    });

    it('flag an area port imported by another area or by the domain, not by adapters', () => {
      const graph = graphOf([
        ['src/application/migration/ports/bulk-store', []],
        ['src/application/migration/import', ['src/application/migration/ports/bulk-store']],
        ['src/application/staff/import', ['src/application/migration/ports/bulk-store']],
        ['src/domain/hospital', ['src/application/migration/ports/bulk-store']],
        ['src/adapters/dynamodb/bulk-writer', ['src/application/migration/ports/bulk-store']],
      ]);
      expect(areaPortsUsedElsewhere(graph)).toEqual([
        'src/application/staff/import imports src/application/migration/ports/bulk-store',
        'src/domain/hospital imports src/application/migration/ports/bulk-store',
      ]);
    });
  });
});

describe('architecture: the core depends on nothing outside it', () => {
  const files = CORE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir)));

  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(CORE_DIRS)('%s imports no adapters, infra, tools, AWS SDK, Middy, HTTP client/server or container (the domain no application either)', (dir) => {
    const problems = files
      .filter((file) => file.startsWith(path.join(ROOT, dir) + path.sep))
      .flatMap((file) =>
        importsOf(readFileSync(file, 'utf8'))
          .map((specifier) => violation(file, specifier))
          .filter((problem): problem is string => problem !== null)
          .map((problem) => `${path.relative(ROOT, file)} ${problem}`),
      );
    expect(problems).toEqual([]);
  });

  describe('the checker itself', () => {
    const coreFile = path.join(ROOT, 'src/application/hospitals/example.ts');

    it('sees every import form', () => {
      const source = [
        "import { a } from './a';",
        "import type { B } from '../b';",
        "import 'reflect-metadata';",
        "import * as http from 'node:http';",
        "export { c } from './c';",
        "const d = require('undici');",
        "const e = await import('@aws-sdk/client-dynamodb');",
        "import {\n  Container,\n} from 'inversify';",
      ].join('\n');
      expect(importsOf(source)).toEqual([
        './a', '../b', 'reflect-metadata', 'node:http', './c', 'undici', '@aws-sdk/client-dynamodb', 'inversify',
      ]);
    });

    it.each([
      '../../adapters/memory/in-memory-audit-log',
      '../../infra/tokens',
      '../../infra',
      '../../tools/legacy-sim/sim-database',
      '@aws-sdk/lib-dynamodb',
      '@middy/core',
      'node:http',
      'http',
      'https',
      'undici',
      'inversify',
    ])('flags %s', (specifier) => {
      expect(violation(coreFile, specifier)).not.toBeNull();
    });

    it.each(['../../domain/hospital', './hospital-audit', 'class-validator', 'node:crypto', 'http-status-words'])(
      'allows %s',
      (specifier) => {
        expect(violation(coreFile, specifier)).toBeNull();
      },
    );

    it('flags the domain importing the application, which the application may import', () => {
      const domainFile = path.join(ROOT, 'src/domain/ports/example.ts');
      expect(violation(domainFile, '../../application/staff/ports/password-hasher')).not.toBeNull();
      expect(violation(coreFile, '../staff/ports/password-hasher')).toBeNull();
    });
  });
});

/** The folder of `src/` a source file belongs to, as the module diagram names it: `domain`, `application`, `infra`, `adapters/<name>`, `tools/<name>`. */
function moduleOf(file: string): string | null {
  const [top, area, name] = file.split('/');
  if (top !== 'src' || !area || !name) return null;
  return area === 'adapters' || area === 'tools' ? `${area}/${name}` : area;
}

/** Arrows the diagram leaves out because everyone may have them: into the core, and adapters into the shared modules. */
const isUnlistedArrow = (from: string, to: string): boolean =>
  ((to === 'domain' || to === 'application') && from !== 'application' && from !== 'domain') ||
  (from.startsWith('adapters/') && (to === 'adapters/shared' || to === 'adapters/observability'));

/** The module graph the code has: each module and the modules it imports (listed arrows only). */
function moduleGraph(graph: ImportGraph): Map<string, Set<string>> {
  const modules = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = moduleOf(file);
    if (!from) continue;
    const arrows = modules.get(from) ?? new Set<string>();
    modules.set(from, arrows);
    for (const target of targets) {
      const to = moduleOf(target);
      if (to && to !== from && !isUnlistedArrow(from, to)) arrows.add(to);
    }
  }
  return modules;
}

/** The `dependencies` block of docs/architecture.md: `module -> a, b` per line. */
function documentedModuleGraph(markdown: string): Map<string, Set<string>> {
  const block = /```dependencies\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (!block) throw new Error('docs/architecture.md has no ```dependencies block');
  return new Map(
    block
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [from, to = ''] = line.split('->').map((part) => part.trim());
        return [from!, new Set(to.split(',').map((m) => m.trim()).filter(Boolean))];
      }),
  );
}

/** Differences between the documented graph and the code's, one line each. */
function moduleGraphDifferences(documented: Map<string, Set<string>>, actual: Map<string, Set<string>>): string[] {
  const problems: string[] = [];
  for (const module of new Set([...documented.keys(), ...actual.keys()])) {
    if (!documented.has(module)) problems.push(`${module} is not in the diagram`);
    else if (!actual.has(module)) problems.push(`${module} is in the diagram but not in src/`);
    else {
      for (const to of actual.get(module)!) if (!documented.get(module)!.has(to)) problems.push(`${module} -> ${to} is in the code, not in the diagram`);
      for (const to of documented.get(module)!) if (!actual.get(module)!.has(to)) problems.push(`${module} -> ${to} is in the diagram, but no import needs it`);
    }
  }
  return problems;
}

describe('architecture: docs/architecture.md draws the modules as the code has them', () => {
  const documented = documentedModuleGraph(readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8'));
  const actual = moduleGraph(importGraph());

  it('finds the modules', () => {
    expect(actual.size).toBeGreaterThan(10);
    expect(actual.get('application')).toEqual(new Set(['domain']));
  });

  it('lists every module and every arrow between modules, and no arrow the code does not have', () => {
    expect(moduleGraphDifferences(documented, actual)).toEqual([]);
  });

  it('the checker flags a missing arrow, an unneeded arrow and a missing module', () => {
    const code = new Map([
      ['adapters/gateway', new Set(['adapters/http', 'adapters/legacy'])],
      ['adapters/memory', new Set<string>()],
    ]);
    const doc = new Map([['adapters/gateway', new Set(['adapters/http', 'adapters/time'])]]);
    expect(moduleGraphDifferences(doc, code).sort()).toEqual([
      'adapters/gateway -> adapters/legacy is in the code, not in the diagram',
      'adapters/gateway -> adapters/time is in the diagram, but no import needs it',
      'adapters/memory is not in the diagram',
    ]);
  });

  it('leaves out only the arrows everyone may have', () => {
    const graph: ImportGraph = new Map([
      ['src/adapters/memory/store', ['src/domain/hospital', 'src/application/x/y', 'src/adapters/shared/json', 'src/adapters/observability/json-log']],
      ['src/infra/app', ['src/adapters/shared/json', 'src/domain/hospital']],
      ['src/domain/ports/clock', []],
    ]);
    expect(moduleGraph(graph)).toEqual(new Map([
      ['adapters/memory', new Set()],
      ['infra', new Set(['adapters/shared'])],
      ['domain', new Set()],
    ]));
  });
});
