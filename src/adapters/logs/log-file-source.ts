import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/*
 * Finds log files and streams their lines, gunzipping on the fly. Lines are handed to a
 * synchronous callback chunk by chunk (no promise per line), so reading stays fast and
 * memory stays at one chunk plus one partial line.
 */

const CHUNK_BYTES = 1 << 20;
const LOG_NAME = /\.log(\.gz)?$/;

/**
 * Expands the paths given on the command line: files are taken as they are, directories
 * are searched recursively for `*.log` and `*.log.gz`. Sorted, so runs are reproducible.
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
 * skipped but counted). Gzip is recognised by its magic bytes, whatever the file name.
 * Rejects on a read or decompression error, after the lines read so far were delivered.
 */
export async function forEachLine(file: string, onLine: (line: string, lineNumber: number) => void): Promise<void> {
  const stream = (await isGzip(file)) ? gunzipped(file) : createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNumber = 0;
  for await (const chunk of stream) {
    const text = pending + decoder.write(chunk as Buffer);
    let start = 0;
    let newline = text.indexOf('\n', start);
    while (newline >= 0) {
      lineNumber += 1;
      if (newline > start) onLine(text.slice(start, newline), lineNumber);
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    pending = text.slice(start);
  }
  pending += decoder.end();
  if (pending.length > 0) onLine(pending, lineNumber + 1);
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
