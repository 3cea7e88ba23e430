import { bufferedJsonLog } from '../../../../src/adapters/observability/json-log';

describe('bufferedJsonLog: one write per event-loop turn', () => {
  function harness(maxBufferedChars?: number) {
    const writes: string[] = [];
    const scheduled: (() => void)[] = [];
    const log = bufferedJsonLog({
      write: (text) => writes.push(text),
      schedule: (flush) => scheduled.push(flush),
      ...(maxBufferedChars !== undefined && { maxBufferedChars }),
    });
    return { log, writes, scheduled };
  }

  it('writes every line of one turn in one write, each a complete JSON object with a time', () => {
    const { log, writes, scheduled } = harness();
    for (let i = 0; i < 3; i++) log({ msg: 'http request', n: i });
    expect(writes).toEqual([]);
    expect(scheduled).toHaveLength(1);
    scheduled[0]!();
    expect(writes).toHaveLength(1);
    const lines = writes[0]!.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as { n: number; time: string })).toEqual([0, 1, 2].map((n) => expect.objectContaining({ msg: 'http request', n, time: expect.any(String) })));
    log({ msg: 'next turn' });
    expect(scheduled).toHaveLength(2);
    scheduled[1]!();
    expect(writes).toHaveLength(2);
  });

  it('writes at once when the batch is large, and flush() empties it (on close and exit)', () => {
    const { log, writes, scheduled } = harness(100);
    log({ msg: 'x'.repeat(120) });
    expect(writes).toHaveLength(1);
    log({ msg: 'small' });
    log.flush();
    expect(writes).toHaveLength(2);
    expect(JSON.parse(writes[1]!)).toMatchObject({ msg: 'small' });
    scheduled.forEach((f) => f());
    expect(writes).toHaveLength(2);
  });

  it('puts the time first, keeps an entry\'s own time, and writes valid JSON for any entry', () => {
    const { log, writes } = harness(0);
    log({ msg: 'a', skipped: undefined, n: 1 });
    log({ skipped: undefined });
    log({});
    log({ time: 'theirs', msg: 'b' });
    const lines = writes.join('').split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(4);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(parsed[0]!)).toEqual(['time', 'msg', 'n']);
    expect(parsed[0]!.time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/));
    expect(Object.keys(parsed[1]!)).toEqual(['time']);
    expect(Object.keys(parsed[2]!)).toEqual(['time']);
    expect(parsed[3]).toEqual({ time: 'theirs', msg: 'b' });
  });
});
