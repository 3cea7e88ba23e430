/**
 * What a person reads about an error: its message without a stack, on one line. An error that
 * carries an `operatorDetail` (what went wrong with legacy, say, beyond what an API client is
 * told) is described by that instead.
 */
export function oneLineMessage(error: unknown): string {
  const detail = (error as { operatorDetail?: unknown } | null)?.operatorDetail;
  const text = typeof detail === 'string' ? detail : error instanceof Error ? error.message : String(error);
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
