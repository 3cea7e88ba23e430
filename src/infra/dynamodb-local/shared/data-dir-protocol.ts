/*
 * The files by which hosp processes share one DynamoDB Local per data directory, and the lock
 * that orders every change to them. Each function here is self-contained (it requires what it
 * uses, refers only to the others by name, and closes over nothing) because the supervisor
 * runs them as source text in a node process of its own: see supervisor-script.ts.
 *
 * In `<data dir>/.hosp-dynamodb-local/`:
 * - `lock`: created with O_EXCL; holds the holder's identity. A holder that is gone (crash,
 *   kill -9) leaves a stale lock, which the next process breaks.
 * - `engine.json`: the running engine (supervisor and java identities, endpoint).
 * - `users/<pid>-<start>-<n>`: one empty file per use of the engine by a hosp process.
 * - `supervisor.log`: DynamoDB Local's output and the supervisor's own messages.
 */

/** A process, told apart from a later one that reuses its pid by its start time (Linux; '' elsewhere). */
export interface ProcessIdentity {
  readonly pid: number;
  readonly start: string;
}

/** What `engine.json` records. */
export interface EngineRecord {
  readonly supervisor: ProcessIdentity;
  readonly java: ProcessIdentity;
  readonly endpoint: string;
}

/** The start time of `pid` in clock ticks since boot, from /proc; '' where /proc is not readable. */
export function processStartTime(pid: number): string {
  try {
    const stat: string = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) may hold spaces, so count from its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

export function identityOf(pid: number): ProcessIdentity {
  return { pid, start: processStartTime(pid) };
}

/** True when the process runs (even if owned by someone else) and is the one that was recorded. */
export function isRunning(identity: ProcessIdentity): boolean {
  try {
    process.kill(identity.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let stat = '';
  try {
    stat = require('node:fs').readFileSync(`/proc/${identity.pid}/stat`, 'utf8');
  } catch {
    return true;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // A zombie has exited; only its parent has not collected it yet.
  if (fields[0] === 'Z') return false;
  return !identity.start || fields[19] === identity.start;
}

export function sharedDir(dataDir: string): string {
  return require('node:path').join(dataDir, '.hosp-dynamodb-local');
}

/**
 * Takes the data directory's lock, waiting while a live process holds it and breaking it when
 * its holder is gone. Returns the function that releases it.
 */
export async function acquireDataDirLock(dataDir: string, timeoutMs: number): Promise<() => void> {
  const fs = require('node:fs');
  const path = require('node:path');
  const dir = sharedDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, 'lock');
  const breakFile = path.join(dir, 'lock.break');
  const me = identityOf(process.pid);
  const mine = `${me.pid} ${me.start}`;
  const deadline = Date.now() + timeoutMs;
  const readOrEmpty = (file: string): string => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const ageMs = (file: string): number => {
    try {
      return Date.now() - fs.statSync(file).mtimeMs;
    } catch {
      return 0;
    }
  };
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, mine);
      fs.closeSync(fd);
      return () => {
        if (readOrEmpty(lockFile) === mine) fs.rmSync(lockFile, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const held = readOrEmpty(lockFile);
    const [pid, start] = held.split(' ');
    // An empty lock is one being written this instant, or whose writer died in between.
    const stale = held === '' ? ageMs(lockFile) > 5000 : !isRunning({ pid: Number(pid), start: start ?? '' });
    if (stale) {
      // Break it under a second lock, after checking that it is still the stale one: two
      // processes breaking at once must not remove the lock a third has just taken.
      try {
        fs.closeSync(fs.openSync(breakFile, 'wx'));
        try {
          if (readOrEmpty(lockFile) === held) fs.rmSync(lockFile, { force: true });
        } finally {
          fs.rmSync(breakFile, { force: true });
        }
        continue;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        // A breaker takes microseconds; one this old died while breaking.
        if (ageMs(breakFile) > 10_000) fs.rmSync(breakFile, { force: true });
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`Another hosp process (pid ${pid}) has held the lock on ${dataDir} for more than ${timeoutMs} ms; is it stuck?`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 60));
  }
}

/** The engine recorded in the data directory, if any (running or not). */
export function readEngineRecord(dataDir: string): EngineRecord | undefined {
  try {
    return JSON.parse(require('node:fs').readFileSync(require('node:path').join(sharedDir(dataDir), 'engine.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a record. */
export function writeEngineRecord(dataDir: string, record: EngineRecord): void {
  const fs = require('node:fs');
  const file = require('node:path').join(sharedDir(dataDir), 'engine.json');
  fs.writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(record));
  fs.renameSync(`${file}.${process.pid}.tmp`, file);
}

export function removeEngineRecord(dataDir: string): void {
  require('node:fs').rmSync(require('node:path').join(sharedDir(dataDir), 'engine.json'), { force: true });
}

/** `use` tells apart several uses by one process (tests open the store more than once). */
export function userFile(dataDir: string, user: ProcessIdentity, use: number): string {
  return require('node:path').join(sharedDir(dataDir), 'users', `${user.pid}-${user.start}-${use}`);
}

/** The users still running; files of the others (crashed without removing theirs) are removed. */
export function liveUsers(dataDir: string): ProcessIdentity[] {
  const fs = require('node:fs');
  const path = require('node:path');
  const dir = path.join(sharedDir(dataDir), 'users');
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const live: ProcessIdentity[] = [];
  for (const name of names) {
    const [pid, start] = name.split('-');
    const user = { pid: Number(pid), start: start ?? '' };
    if (Number.isInteger(user.pid) && isRunning(user)) live.push(user);
    else fs.rmSync(path.join(dir, name), { force: true });
  }
  return live;
}
