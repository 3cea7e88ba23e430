import { Presets, SingleBar } from 'cli-progress';
import { MigrationTotals } from '../../application/migration/migration-totals';
import { ProgressReporter } from '../../application/migration/ports/progress-reporter';

export interface TerminalProgressOptions {
  /** Where progress goes (stderr by default, so stdout stays for results such as `--json`). */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Draw a bar (a terminal) or print plain lines (a log); from the stream by default. */
  readonly tty?: boolean;
  /** Plain mode: at most one line per this many ms. */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

const counts = (t: MigrationTotals): string =>
  `written ${t.written}, skipped ${t.skipped}, conflicts ${t.conflicts}, failed ${t.failed}`;

/**
 * Progress for migration commands: a cli-progress bar with rate and ETA on a terminal, and
 * plain periodic lines (same numbers) when output goes to a file or a CI log.
 */
export function terminalProgress(label: string, options: TerminalProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 5_000;
  let total = 0;
  let startDone = 0;
  let startedAt = 0;
  let lastLine = 0;
  let last: { done: number; totals?: MigrationTotals } = { done: 0 };
  const rate = (done: number): number => {
    const seconds = (now() - startedAt) / 1000;
    return seconds > 0 ? Math.round((done - startDone) / seconds) : 0;
  };
  const bar = tty
    ? new SingleBar(
        {
          format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} | {counts}`,
          stream: stream as NodeJS.WritableStream,
          hideCursor: true,
          etaBuffer: 50,
        },
        Presets.shades_classic,
      )
    : undefined;
  const line = (done: number, totals?: MigrationTotals): void => {
    const r = rate(done);
    const eta = r > 0 && total > done ? `, ETA ${Math.ceil((total - done) / r)} s` : '';
    const pct = total > 0 ? ` (${Math.floor((done / total) * 100)} %)` : '';
    stream.write(`${label}: ${done}/${total}${pct}, ${r}/s${eta}${totals ? `; ${counts(totals)}` : ''}\n`);
    lastLine = now();
  };
  return {
    start(size, done) {
      total = size;
      startDone = done;
      startedAt = now();
      last = { done };
      if (bar) bar.start(size, done, { rate: 0, counts: '' });
      else stream.write(`${label}: ${size} records${done > 0 ? `, resuming after ${done}` : ''}\n`);
      lastLine = now();
    },
    update(done, totals) {
      last = { done, totals };
      if (bar) bar.update(done, { rate: rate(done), counts: counts(totals) });
      else if (now() - lastLine >= intervalMs) line(done, totals);
    },
    stop() {
      if (bar) bar.stop();
      else line(last.done, last.totals);
    },
  };
}
