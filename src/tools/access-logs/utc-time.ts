/*
 * Timestamps of the three formats read into ms since the epoch, digit by digit in place
 * (they are parsed once per log line). Checked by shape and range, not against a calendar:
 * Date.UTC rolls 2024-02-30 over to March, which is what a log line could mean anyway.
 */

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

/** Digits `s[from, to)` as a number, or -1 when any is not a digit. */
export function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return to > from ? n : -1;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  if (year < 0 || month < 0 || month > 11 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return Number.NaN;
  }
  return Date.UTC(year, month, day, hour, minute, second);
}

/** `2018-07-02T22:23:00.186641Z` in `s[from, to)` → ms (fraction kept); NaN when malformed. */
export function isoToEpochMs(s: string, from: number, to: number): number {
  if (
    to - from < 20 ||
    s.charCodeAt(from + 4) !== 45 ||
    s.charCodeAt(from + 7) !== 45 ||
    s.charCodeAt(from + 10) !== 84 ||
    s.charCodeAt(from + 13) !== 58 ||
    s.charCodeAt(from + 16) !== 58 ||
    s.charCodeAt(to - 1) !== 90
  ) {
    return Number.NaN;
  }
  const whole = utc(
    digitsAt(s, from, from + 4),
    digitsAt(s, from + 5, from + 7) - 1,
    digitsAt(s, from + 8, from + 10),
    digitsAt(s, from + 11, from + 13),
    digitsAt(s, from + 14, from + 16),
    digitsAt(s, from + 17, from + 19),
  );
  const end = to - 1; // the Z
  if (end === from + 19) return whole;
  if (s.charCodeAt(from + 19) !== 46 || end - (from + 20) > 9) return Number.NaN;
  const fraction = digitsAt(s, from + 20, end);
  if (fraction < 0) return Number.NaN;
  return whole + (fraction / 10 ** (end - (from + 20))) * 1000;
}

/** CloudFront's `date` (`2019-12-04`) and `time` (`21:02:31`) fields → ms; NaN when malformed. */
export function dateAndTimeToEpochMs(s: string, dateFrom: number, dateTo: number, timeFrom: number, timeTo: number): number {
  if (dateTo - dateFrom !== 10 || timeTo - timeFrom !== 8) return Number.NaN;
  if (s.charCodeAt(dateFrom + 4) !== 45 || s.charCodeAt(dateFrom + 7) !== 45) return Number.NaN;
  if (s.charCodeAt(timeFrom + 2) !== 58 || s.charCodeAt(timeFrom + 5) !== 58) return Number.NaN;
  return utc(
    digitsAt(s, dateFrom, dateFrom + 4),
    digitsAt(s, dateFrom + 5, dateFrom + 7) - 1,
    digitsAt(s, dateFrom + 8, dateFrom + 10),
    digitsAt(s, timeFrom, timeFrom + 2),
    digitsAt(s, timeFrom + 3, timeFrom + 5),
    digitsAt(s, timeFrom + 6, timeFrom + 8),
  );
}

/** API Gateway's `$context.requestTime`, `04/Dec/2019:21:02:31 +0000` → ms; NaN when malformed. */
export function clfToEpochMs(s: string): number {
  if (s.length !== 26 || s.charCodeAt(2) !== 47 || s.charCodeAt(6) !== 47 || s.charCodeAt(11) !== 58 || s.charCodeAt(20) !== 32) {
    return Number.NaN;
  }
  const month = MONTHS[s.slice(3, 6)];
  if (month === undefined) return Number.NaN;
  const sign = s.charCodeAt(21) === 43 ? 1 : s.charCodeAt(21) === 45 ? -1 : 0;
  const offsetHours = digitsAt(s, 22, 24);
  const offsetMinutes = digitsAt(s, 24, 26);
  if (sign === 0 || offsetHours < 0 || offsetMinutes < 0) return Number.NaN;
  const local = utc(
    digitsAt(s, 7, 11),
    month,
    digitsAt(s, 0, 2),
    digitsAt(s, 12, 14),
    digitsAt(s, 15, 17),
    digitsAt(s, 18, 20),
  );
  return local - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}
