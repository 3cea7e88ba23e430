// Text rendering of a benchmark result: Markdown tables, so a run's output can be pasted into
// BENCHMARKS.md as it is.
import { machineLine } from './machine.mjs';

export function markdownTable({ title, columns, rows }) {
  const esc = (cell) => String(cell ?? '').replace(/\|/g, '\\|');
  const lines = [];
  if (title) lines.push(`**${title}**`, '');
  lines.push(`| ${columns.map(esc).join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`);
  for (const row of rows) lines.push(`| ${row.map(esc).join(' | ')} |`);
  return lines.join('\n');
}

/** The whole result as Markdown: heading, machine, notes, tables and targets. */
export function renderResult(result) {
  const parts = [`### ${result.title}${result.smoke ? ' (smoke mode: tiny sizes, numbers meaningless)' : ''}`, ''];
  parts.push(`Machine: ${machineLine(result.machine)}  `);
  parts.push(`Run: ${result.startedAt}, ${(result.durationMs / 1000).toFixed(1)} s, ${result.repetitions} repetition(s)`, '');
  for (const note of result.notes ?? []) parts.push(`- ${note}`);
  if (result.notes?.length) parts.push('');
  for (const table of result.tables ?? []) parts.push(markdownTable(table), '');
  if (result.targets?.length) {
    parts.push(
      markdownTable({
        title: 'Targets',
        columns: ['target', 'measured', 'met'],
        rows: result.targets.map((t) => [t.target, t.measured, t.met === null ? 'not measured' : t.met ? 'yes' : 'NO']),
      }),
      '',
    );
  }
  return parts.join('\n');
}
