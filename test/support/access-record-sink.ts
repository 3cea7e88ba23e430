import { AccessRecord, type RecordSink } from '../../src/tools/access-logs/access-record';

/** What a parser made of some lines: a copy of every record, and every rejection. */
export interface ParsedLines {
  records: Array<Omit<AccessRecord, 'timeText'> & { time: string }>;
  malformed: string[];
}

/** Feeds `lines` to one parser (as one file) and collects what it reported. */
export function parseLines(parser: { parse(line: string, record: AccessRecord, sink: RecordSink): void }, lines: readonly string[]): ParsedLines {
  const out: ParsedLines = { records: [], malformed: [] };
  const record = new AccessRecord();
  const sink: RecordSink = {
    record: (r) => {
      const { timeText, ...fields } = r;
      out.records.push({ ...fields, time: timeText() });
    },
    malformed: (reason) => out.malformed.push(reason),
  };
  for (const line of lines) parser.parse(line, record, sink);
  return out;
}
