/** Fields that hold a link: `url`, `href`, `self`, `link`, and any `…_url` or `…_href`. */
const LINK_KEY = /^(?:url|href|self|link)$|_(?:url|href)$/i;

/**
 * Legacy's records carry links that point at legacy itself (Rails' scaffold `url`, and any
 * `…_url`, `href` or `self` a later version adds). Sent on as they are, they would tell every
 * client legacy's internal address and invite calls that bypass the gateway, so every link
 * field holding an absolute http(s) URL — written with a scheme, protocol-relative (`//host/…`)
 * or as `host:port/…` — is moved onto hosp's public base (same path; legacy's own path prefix,
 * if any, removed). Other fields are left alone: a note's text may mention any address it likes.
 */
export function withPublicUrls(value: unknown, publicBaseUrl: string, legacyPathPrefix: string, depth = 0): unknown {
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => withPublicUrls(item, publicBaseUrl, legacyPathPrefix, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const next = LINK_KEY.test(key) && typeof item === 'string'
      ? publicUrl(item, publicBaseUrl, legacyPathPrefix)
      : withPublicUrls(item, publicBaseUrl, legacyPathPrefix, depth + 1);
    Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function publicUrl(text: string, publicBaseUrl: string, legacyPathPrefix: string): string {
  const url = absoluteLink(text.trim());
  if (!url) return text;
  const path = legacyPathPrefix && url.pathname.startsWith(`${legacyPathPrefix}/`) ? url.pathname.slice(legacyPathPrefix.length) : url.pathname;
  return `${publicBaseUrl}${path}${url.search}`;
}

/** `text` as an absolute http(s) URL, however it was written; undefined for anything else (a relative path, text). */
function absoluteLink(text: string): URL | undefined {
  let candidate: string;
  if (/^https?:/i.test(text)) candidate = text;
  else if (text.startsWith('//')) candidate = `http:${text}`;
  else if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d+)(?:[/?#]|$)|^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#]|$)/i.test(text)) candidate = `http://${text}`;
  else return undefined;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
