import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';

/*
 * The headless Chromium the tests drive (playwright-core), found without installing anything
 * outside `npm ci`:
 *
 *   1. HOSP_CHROMIUM, a path to a Chromium binary, when set;
 *   2. else Debian's /usr/bin/chromium, when it exists;
 *   3. else the Chromium shipped inside the npm package @sparticuz/chromium (a brotli archive,
 *      decompressed at run time, so the package needs no install script).
 *
 * `{ source: 'npm' }` skips 1 and 2, so a test can prove the fresh-machine path.
 */

export type ChromiumSource = 'env' | 'debian' | 'npm';

export interface ResolvedChromium {
  source: ChromiumSource;
  executablePath: string;
  /** Extra environment for the browser process (libraries next to the npm build, if any). */
  env: Record<string, string>;
}

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Headless as root, offline (no network here beyond package registries), fresh profile. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function resolveChromium(options: { source?: 'auto' | 'npm' } = {}): Promise<ResolvedChromium> {
  if (options.source !== 'npm') {
    const fromEnv = process.env.HOSP_CHROMIUM;
    if (fromEnv) {
      if (!existsSync(fromEnv)) throw new Error(`HOSP_CHROMIUM=${fromEnv}: no such file`);
      return { source: 'env', executablePath: fromEnv, env: {} };
    }
    if (existsSync(DEBIAN_CHROMIUM)) return { source: 'debian', executablePath: DEBIAN_CHROMIUM, env: {} };
  }
  return npmChromium();
}

export interface LaunchedChromium {
  browser: ResolvedChromium;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches the resolved Chromium headless with a fresh user-data-dir, removed by close(). */
export async function launchChromium(options: { source?: 'auto' | 'npm' } = {}): Promise<LaunchedChromium> {
  const browser = await resolveChromium(options);
  const profile = await mkdtemp(join(tmpdir(), 'hosp-chromium-profile-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      env: { ...stringEnv(process.env), ...browser.env },
    });
    return {
      browser,
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

let npmBrowser: Promise<ResolvedChromium> | undefined;

/**
 * @sparticuz/chromium's executablePath() inflates its archives into os.tmpdir() and reuses
 * whatever `<tmpdir>/chromium` it finds there, even a half-written one from a concurrent or
 * interrupted run. So it runs in a child process (the package is ESM only, which jest's
 * CommonJS runtime cannot load) whose TMPDIR is a fresh staging directory, and the result is
 * renamed, atomically, to node_modules/.cache/hosp-chromium/<version> (wiped by `npm ci`).
 */
function npmChromium(): Promise<ResolvedChromium> {
  npmBrowser ??= inflateNpmChromium().catch((error: unknown) => {
    npmBrowser = undefined;
    throw error;
  });
  return npmBrowser;
}

async function inflateNpmChromium(): Promise<ResolvedChromium> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`@sparticuz/chromium ships a Linux x64 Chromium only (this is ${process.platform} ${process.arch}): set HOSP_CHROMIUM`);
  }
  const entry = require.resolve('@sparticuz/chromium'); // <node_modules>/@sparticuz/chromium/build/index.js
  const packageDir = dirname(dirname(entry));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const cacheRoot = join(dirname(dirname(packageDir)), '.cache', 'hosp-chromium');
  const target = join(cacheRoot, version);

  if (!existsSync(join(target, 'chromium'))) {
    await mkdir(cacheRoot, { recursive: true });
    const staging = await mkdtemp(join(cacheRoot, `.${version}-`));
    try {
      const script = `const { default: c } = await import(${JSON.stringify(pathToFileURL(entry).href)}); process.stdout.write(await c.executablePath());`;
      // Only TMPDIR is changed, so on an Amazon Linux 2023 builder the package also inflates its libraries (al2023/lib).
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TMPDIR: staging },
        timeout: 120_000,
      });
      if (stdout !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium inflated to ${stdout}, expected ${join(staging, 'chromium')}`);
      await rename(staging, target).catch((error: NodeJS.ErrnoException) => {
        // Another process published the same version first: use theirs.
        if (!((error.code === 'ENOTEMPTY' || error.code === 'EEXIST') && existsSync(join(target, 'chromium')))) throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  const libraries = join(target, 'al2023', 'lib');
  const env: Record<string, string> = existsSync(libraries) ? { LD_LIBRARY_PATH: [libraries, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } : {};
  return { source: 'npm', executablePath: join(target, 'chromium'), env };
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
