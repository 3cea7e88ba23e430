import { isTimestamp, toTimestamp } from '../../../src/domain/timestamp';

describe('timestamps', () => {
  it('formats as ISO-8601 UTC with milliseconds', () => {
    expect(toTimestamp(new Date(Date.UTC(2024, 1, 29, 13, 4, 5, 6)))).toBe('2024-02-29T13:04:05.006Z');
  });

  it.each(['2024-02-29T13:04:05.006Z', '1999-12-31T23:59:59.999Z'])('accepts %s', (value) => {
    expect(isTimestamp(value)).toBe(true);
  });

  it.each([
    '2024-02-29T13:04:05Z',
    '2024-02-29T13:04:05.006+01:00',
    '2023-02-29T13:04:05.006Z',
    '2024-13-01T00:00:00.000Z',
    'yesterday',
    1700000000000,
    null,
  ])('rejects %j', (value) => {
    expect(isTimestamp(value)).toBe(false);
  });
});
