import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/*
 * Finds log files and streams their lines, gunzipping on the fly. Lines are handed to a
 * synchronous callback chunk by chunk (no promise per line), so reading stays fast and
 * memory stays at one chunk plus one partial line of at most MAX_LINE_BYTES.
 *
 * Lines are cut on the raw bytes (a 0x0A byte never occurs inside a UTF-8 sequence) and
 * each line is decoded on its own: no string the size of a chunk is ever built, so every
 * string dies young in V8's new space instead of piling up as large-object garbage.
 */

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 10;

/** Longest line kept; a longer one is reported (`onTooLong`) and skipped, never buffered whole. */
export const MAX_LINE_BYTES = 256 * 1024;
/** ALB `*.log.gz`, CloudFront `E2EXAMPLE.2019-12-04-21.abc.gz`, CloudWatch Logs exports `000000.gz`, saved JSON. */
const LOG_NAME = /\.(log|gz|json|jsonl|ndjson)$/;

/**
 * Expands the paths given on the command line: files are taken as they are, directories
 * are searched recursively for `*.log`, `*.gz`, `*.json`, `*.jsonl` and `*.ndjson`. Sorted,
 * so runs are reproducible.
 * Throws when a path does not exist.
 */
export async function listLogFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) await collect(path, files);
    else files.push(path);
  }
  return [...new Set(files)];
}

async function collect(dir: string, into: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await collect(path, into);
    else if (entry.isFile() && LOG_NAME.test(entry.name)) into.push(path);
  }
}

/**
 * Calls `onLine(line, lineNumber)` for every line of a file (1-based numbers; blank lines
 * skipped but counted). Gzip is recognised by its magic bytes, whatever the file name. A
 * line longer than MAX_LINE_BYTES is not delivered: `onTooLong(lineNumber)` is called.
 * Rejects on a read or decompression error, after the lines read so far were delivered.
 */
export async function forEachLine(
  file: string,
  onLine: (line: string, lineNumber: number) => void,
  onTooLong: (lineNumber: number) => void = () => undefined,
): Promise<void> {
  const stream = (await isGzip(file)) ? gunzipped(file) : createReadStream(file, { highWaterMark: CHUNK_BYTES });
  let pending: Buffer[] = []; // the start of a line that continues in the next chunk
  let pendingBytes = 0;
  let skipping = false; // inside a line already reported as too long
  let lineNumber = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    let start = 0;
    let newline = buffer.indexOf(NEWLINE);
    if (pendingBytes > 0 || skipping) {
      const end = newline < 0 ? buffer.length : newline;
      if (!skipping && pendingBytes + end > MAX_LINE_BYTES) {
        onTooLong(lineNumber + 1);
        skipping = true;
        pending = [];
        pendingBytes = 0;
      }
      if (newline < 0) {
        if (!skipping) {
          pending.push(Buffer.from(buffer));
          pendingBytes += buffer.length;
        }
        continue;
      }
      lineNumber += 1;
      if (!skipping) {
        pending.push(buffer.subarray(0, newline));
        onLine(Buffer.concat(pending).toString('utf8'), lineNumber);
      }
      skipping = false;
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
      newline = buffer.indexOf(NEWLINE, start);
    }
    while (newline >= 0) {
      lineNumber += 1;
      if (newline - start > MAX_LINE_BYTES) onTooLong(lineNumber);
      else if (newline > start) onLine(buffer.toString('utf8', start, newline), lineNumber);
      start = newline + 1;
      newline = buffer.indexOf(NEWLINE, start);
    }
    if (start < buffer.length) {
      if (buffer.length - start > MAX_LINE_BYTES) {
        onTooLong(lineNumber + 1);
        skipping = true;
      } else {
        // A copy, so the rest of the chunk is not kept alive by its last partial line.
        pending.push(Buffer.from(buffer.subarray(start)));
        pendingBytes = buffer.length - start;
      }
    }
  }
  if (pendingBytes > 0) onLine(Buffer.concat(pending).toString('utf8'), lineNumber + 1);
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

function gunzipped(file: string): Readable {
  const source = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  source.on('error', (error) => gunzip.destroy(error));
  return source.pipe(gunzip);
}
