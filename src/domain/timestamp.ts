/** ISO-8601 UTC timestamps with milliseconds and `Z`, the format legacy HOSP writes. */
export type Timestamp = string;

const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const toTimestamp = (date: Date): Timestamp => date.toISOString();

export const isTimestamp = (value: unknown): value is Timestamp =>
  typeof value === 'string' && ISO_MS_UTC.test(value) && !Number.isNaN(Date.parse(value)) &&
  new Date(value).toISOString() === value;
