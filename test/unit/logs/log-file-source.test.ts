import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeAccessLogs } from '../../../src/tools/access-logs/analyze-access-logs';
import { forEachLine, MAX_LINE_BYTES } from '../../../src/tools/access-logs/log-file-source';
import { albLine } from '../../support/alb-log-samples';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hosp-log-source-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function linesOf(file: string): Promise<{ lines: Array<[number, string]>; tooLong: number[] }> {
  const lines: Array<[number, string]> = [];
  const tooLong: number[] = [];
  await forEachLine(file, (line, n) => lines.push([n, line]), (n) => tooLong.push(n));
  return { lines, tooLong };
}

/** What forEachLine must deliver: every non-empty line with its 1-based number. */
function expected(text: string): Array<[number, string]> {
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  return parts.flatMap((line, i): Array<[number, string]> => (line === '' ? [] : [[i + 1, line]]));
}

describe('forEachLine', () => {
  // Lines of varied lengths, multi-byte characters and CRLF, so chunk boundaries (1 MiB)
  // fall inside lines and inside UTF-8 sequences.
  const text =
    Array.from({ length: 9000 }, (_, i) => {
      if (i % 997 === 0) return '';
      const body = `${i} ${'é€😀x'.repeat(i % 61)}${'a'.repeat((i * 37) % 400)}`;
      return i % 5 === 0 ? `${body}\r` : body;
    }).join('\n') + '\nlast line without newline';

  it.each([
    ['plain', false],
    ['gzipped', true],
  ])('delivers every line of a multi-chunk %s file, numbered, decoded across chunk boundaries', async (_, gzip) => {
    const file = join(dir, gzip ? 'multi.log.gz' : 'multi.log');
    await writeFile(file, gzip ? gzipSync(Buffer.from(text)) : text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
    const { lines, tooLong } = await linesOf(file);
    expect(tooLong).toEqual([]);
    expect(lines).toEqual(expected(text));
  });

  it.each([
    ['inside the file', '\nafter\n'],
    ['at the end, with no newline', ''],
  ])('reports a line longer than MAX_LINE_BYTES %s by number and keeps reading', async (_, tail) => {
    const long = 'x'.repeat(3 * 1024 * 1024); // spans several chunks: must not be buffered whole
    const content = `first\n${long}${tail}`;
    const file = join(dir, `long-${tail.length}.log.gz`);
    await writeFile(file, gzipSync(Buffer.from(content)));
    const { lines, tooLong } = await linesOf(file);
    expect(tooLong).toEqual([2]);
    expect(lines).toEqual(tail === '' ? [[1, 'first']] : [[1, 'first'], [3, 'after']]);
  });

  it('delivers a line of exactly MAX_LINE_BYTES and rejects one byte more', async () => {
    const file = join(dir, 'limit.log');
    const atLimit = 'y'.repeat(MAX_LINE_BYTES);
    await writeFile(file, `${atLimit}\n${atLimit}z\nok\n`);
    const { lines, tooLong } = await linesOf(file);
    expect(tooLong).toEqual([2]);
    expect(lines.map(([n, line]) => [n, line.length])).toEqual([
      [1, MAX_LINE_BYTES],
      [3, 2],
    ]);
  });
});

describe('analyzeAccessLogs with an overlong line', () => {
  it('counts it as malformed with its line number, and the entries around it', async () => {
    const file = join(dir, 'overlong.log');
    await writeFile(file, `${albLine()}\n${albLine({ userAgent: 'u'.repeat(MAX_LINE_BYTES) })}\n${albLine()}\n`);
    const report = await analyzeAccessLogs([file]);
    expect(report.total).toBe(2);
    expect(report.malformed.count).toBe(1);
    expect(report.malformed.lines).toEqual([{ file, line: 2, reason: `line longer than ${MAX_LINE_BYTES} bytes` }]);
  });
});
