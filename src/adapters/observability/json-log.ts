/** Where structured log entries go: one JSON object per line. Injected so tests can read them. */
export type JsonLog = (entry: Record<string, unknown>) => void;

// Under load many lines share a millisecond: format the ISO time once per millisecond.
let lastMs = Number.NaN;
let lastIso = '';
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/**
 * `{"time":…,…entry}` as one line. The entry is serialised as is and the time spliced in
 * front, rather than copying every entry into a new object first; an entry with its own
 * `time` (or none at all) takes the plain path, so the output is the same either way.
 */
const line = (entry: Record<string, unknown>): string => {
  const time = isoNow();
  if (Object.hasOwn(entry, 'time')) return `${JSON.stringify({ time, ...entry })}\n`;
  const json = JSON.stringify(entry);
  return json.length > 2 ? `{"time":"${time}",${json.slice(1)}\n` : `{"time":"${time}"}\n`;
};

/** Writes each entry as one JSON line to stdout (CloudWatch on Lambda, the terminal locally). */
export const stdoutJsonLog: JsonLog = (entry) => {
  process.stdout.write(line(entry));
};

export interface BufferedJsonLogOptions {
  /** Receives the lines of one batch as one string; defaults to `process.stdout.write`. */
  readonly write?: (text: string) => void;
  /** Runs the flush later; defaults to `setImmediate`, i.e. after this turn's I/O callbacks. */
  readonly schedule?: (flush: () => void) => void;
  /** A batch reaching this many characters goes out at once. */
  readonly maxBufferedChars?: number;
  /** Turns an entry into its line; one JSON object by default. */
  readonly format?: (entry: Record<string, unknown>) => string;
}

/** A JsonLog that batches; `flush()` writes what is buffered now. */
export interface BufferedJsonLog extends JsonLog {
  flush(): void;
}

/**
 * The same lines as `stdoutJsonLog`, but every line logged in one turn of the event loop goes
 * out in one write. stdout to a pipe or file is synchronous in Node, so the local server under
 * load otherwise spends a quarter of its CPU in one `write` syscall per request. Lines are
 * delayed by at most one turn (or until 64 KiB are waiting) and flushed on exit. For the
 * long-lived local server; a Lambda handles one request at a time and keeps `stdoutJsonLog`.
 */
export function bufferedJsonLog(options: BufferedJsonLogOptions = {}): BufferedJsonLog {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const schedule = options.schedule ?? ((flush: () => void) => void setImmediate(flush));
  const max = options.maxBufferedChars ?? 64 * 1024;
  const format = options.format ?? line;
  let buffer = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (buffer === '') return;
    const text = buffer;
    buffer = '';
    write(text);
  };
  const log = ((entry) => {
    buffer += format(entry);
    if (buffer.length >= max) flush();
    else if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
  }) as BufferedJsonLog;
  log.flush = flush;
  return log;
}

let shared: BufferedJsonLog | undefined;

/**
 * The process's one buffered stdout log (flushed on exit), for `hosp serve`: JSON lines, or
 * `pretty` ones for a person at a terminal (HOSP_LOG_FORMAT).
 */
export function bufferedStdoutJsonLog(format: 'json' | 'pretty' = 'json'): BufferedJsonLog {
  if (!shared) {
    shared = bufferedJsonLog(format === 'pretty' ? { format: prettyLine } : {});
    process.once('exit', shared.flush);
  }
  return shared;
}

/**
 * `12:00:01.123 info  http request GET hospitals.list 200 3 ms key=value …`: the same entry for a person. The
 * usual request fields come first, the rest as key=value (strings quoted only when needed).
 */
export function prettyLine(entry: Record<string, unknown>): string {
  const { time, level, msg, method, route, status, latencyMs, ...rest } = entry;
  const clock = (typeof time === 'string' ? time : isoNow()).slice(11, 23);
  const head = [clock, String(level ?? 'info').padEnd(5), msg, method, route, status, typeof latencyMs === 'number' ? `${latencyMs} ms` : undefined]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
  const tail = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${tail ? `${head} ${tail}` : head}\n`;
}
