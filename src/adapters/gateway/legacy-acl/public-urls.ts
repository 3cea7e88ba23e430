/**
 * Legacy's records carry `url` fields that point at legacy itself (Rails' scaffold). Sent on
 * as they are, they would tell every client legacy's internal address and invite calls that
 * bypass the gateway, so every `url` holding an http(s) URL is moved onto hosp's public base
 * (same path; legacy's own path prefix, if any, removed). Other fields are left alone: a
 * note's text may mention any address it likes.
 */
export function withPublicUrls(value: unknown, publicBaseUrl: string, legacyPathPrefix: string, depth = 0): unknown {
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => withPublicUrls(item, publicBaseUrl, legacyPathPrefix, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const next = key === 'url' && typeof item === 'string'
      ? publicUrl(item, publicBaseUrl, legacyPathPrefix)
      : withPublicUrls(item, publicBaseUrl, legacyPathPrefix, depth + 1);
    Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function publicUrl(text: string, publicBaseUrl: string, legacyPathPrefix: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return text;
  const path = legacyPathPrefix && url.pathname.startsWith(`${legacyPathPrefix}/`) ? url.pathname.slice(legacyPathPrefix.length) : url.pathname;
  return `${publicBaseUrl}${path}${url.search}`;
}
