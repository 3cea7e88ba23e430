/** A JSON object as parsed: a non-null object that is not an array. */
export type JsonObject = Record<string, unknown>;

/** Whether `value` is a JSON object (`{...}`), as opposed to an array, `null` or a primitive. */
export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
