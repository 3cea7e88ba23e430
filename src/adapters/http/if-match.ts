/** What an If-Match header asks for: any current version (`*`), or one of some versions. */
export type IfMatch = { readonly any: true } | { readonly any: false; readonly versions: readonly number[] };

const STRONG_VERSION_TAG = /^"([1-9][0-9]{0,15})"$/;

/**
 * Parses If-Match against hosp's ETags (`"<version>"`). Weak tags (`W/"3"`) never match,
 * as RFC 9110 requires strong comparison; unparseable tags simply match nothing, so a
 * garbled header yields 412 rather than an unconditional write. Undefined when absent.
 */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  const tags = header.split(',').map((tag) => tag.trim()).filter((tag) => tag.length > 0);
  if (tags.includes('*')) return { any: true };
  const versions: number[] = [];
  for (const tag of tags) {
    const match = STRONG_VERSION_TAG.exec(tag);
    if (match?.[1] !== undefined && Number.isSafeInteger(Number(match[1]))) versions.push(Number(match[1]));
  }
  return { any: false, versions };
}
