import { isJsonObject } from '../../domain/json-object';

/**
 * Where two JSON values differ, as JSON Pointers (`/0/name`), at most `limit` of them.
 * Object keys named in `ignore` are skipped at any depth (e.g. `url`, whose host differs
 * between hosp and legacy by design). Only paths are reported, never values, so a log of
 * differences carries no record content.
 */
export function jsonDifferences(a: unknown, b: unknown, ignore: ReadonlySet<string> = new Set(), limit = 20): string[] {
  const found: string[] = [];
  walk(a, b, '', ignore, found, limit);
  return found;
}

function walk(a: unknown, b: unknown, at: string, ignore: ReadonlySet<string>, found: string[], limit: number): void {
  if (found.length >= limit) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) {
        found.push(`${at}/${i}`);
        if (found.length >= limit) return;
        continue;
      }
      walk(a[i], b[i], `${at}/${i}`, ignore, found, limit);
    }
    return;
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) {
      if (ignore.has(key)) continue;
      const here = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!Object.hasOwn(a, key) || !Object.hasOwn(b, key)) found.push(here);
      else walk(a[key], b[key], here, ignore, found, limit);
      if (found.length >= limit) return;
    }
    return;
  }
  if (!Object.is(a, b)) found.push(at === '' ? '/' : at);
}
