/** Where the gateway sends a request: the new core (hosp's own API) or legacy HOSP. */
export type RouteTarget = 'core' | 'legacy';

export const ROUTE_TARGETS: readonly RouteTarget[] = ['core', 'legacy'];
export const ROUTABLE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** One rule of HOSP_ROUTES, e.g. `GET /hospitals=core` or `*=legacy`. */
export interface RouteRule {
  /** Methods the rule applies to; empty means every method. A rule naming GET also covers HEAD. */
  readonly methods: readonly string[];
  /** `/a/b` (a path prefix, matched segment by segment) or `*` (everything). */
  readonly prefix: string;
  readonly target: RouteTarget;
}

/** The default: hospitals are served by the new core, everything else by legacy HOSP. */
export const DEFAULT_ROUTES = '/hospitals=core,*=legacy';

const PREFIX = /^(\/[A-Za-z0-9._~-]+)+$/;

/** The rules in a HOSP_ROUTES value and the problems found in it (empty when it is valid). */
export function parseRouteRules(text: string): { rules: RouteRule[]; problems: string[] } {
  const rules: RouteRule[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(',').map((part) => part.trim()).filter((part) => part.length > 0)) {
    const equals = raw.lastIndexOf('=');
    const target = raw.slice(equals + 1).trim().toLowerCase();
    const left = equals < 0 ? '' : raw.slice(0, equals).trim();
    const words = left.split(/\s+/).filter((w) => w.length > 0);
    const prefix = words.pop() ?? '';
    const methods = words.length === 0 ? [] : words.join('|').split('|').filter((m) => m).map((m) => m.toUpperCase());
    const bad: string[] = [];
    if (equals < 0) bad.push('needs "=core" or "=legacy"');
    else if (!(ROUTE_TARGETS as readonly string[]).includes(target)) bad.push(`target must be core or legacy (got "${target}")`);
    if (prefix !== '*' && !PREFIX.test(prefix)) bad.push('path must be * or start with / (letters, digits, . _ ~ -; no trailing /)');
    if (words.length > 1) bad.push('methods go before the path, joined with | (e.g. "GET|HEAD /patients")');
    const unknown = methods.filter((m) => !(ROUTABLE_METHODS as readonly string[]).includes(m));
    if (unknown.length > 0) bad.push(`unknown method ${unknown.join(', ')}`);
    const identity = `${[...methods].sort().join('|')} ${prefix}`;
    if (bad.length === 0 && seen.has(identity)) bad.push('repeats an earlier rule for the same methods and path');
    if (bad.length > 0) {
      problems.push(`rule "${raw}": ${bad.join('; ')}`);
      continue;
    }
    seen.add(identity);
    rules.push({ methods: [...new Set(methods)], prefix, target: target as RouteTarget });
  }
  return { rules, problems };
}

/** The rule a request matched, with a short label for logs (`legacy /patients`). */
export interface RouteDecision {
  readonly target: RouteTarget;
  readonly label: string;
}

/**
 * Chooses core or legacy for a request. The most specific rule wins: the longest matching
 * prefix, then a rule naming the method over one that does not; `*` matches last. Without a
 * `*` rule, unmatched requests go to legacy (the strangler fig's starting point).
 */
export class RouteTable {
  private readonly rules: readonly RouteRule[];

  constructor(rules: readonly RouteRule[]) {
    const fallback: RouteRule[] = rules.some((r) => r.prefix === '*' && r.methods.length === 0)
      ? []
      : [{ methods: [], prefix: '*', target: 'legacy' }];
    this.rules = [...rules, ...fallback].sort((a, b) => specificity(b) - specificity(a));
  }

  /** Parses HOSP_ROUTES; throws with every problem when it is not valid (config validates earlier). */
  static parse(text: string = DEFAULT_ROUTES): RouteTable {
    const { rules, problems } = parseRouteRules(text);
    if (problems.length > 0) throw new Error(`HOSP_ROUTES: ${problems.join('; ')}`);
    return new RouteTable(rules);
  }

  /** Where `method` on `path` (canonical, see `canonicalPath`) goes. */
  decide(method: string, path: string): RouteDecision {
    const verb = method.toUpperCase();
    for (const rule of this.rules) {
      if (!coversMethod(rule, verb) || !coversPath(rule.prefix, path)) continue;
      return { target: rule.target, label: `${rule.target} ${rule.methods.length ? `${rule.methods.join('|')} ` : ''}${rule.prefix}` };
    }
    return { target: 'legacy', label: 'legacy *' };
  }

  /** Whether some rule sends this path, for some method, to `target` (used to check HOSP_SHADOW). */
  sendsToTarget(path: string, target: RouteTarget, method = 'GET'): boolean {
    return this.decide(method, path).target === target;
  }
}

const specificity = (rule: RouteRule): number => (rule.prefix === '*' ? 0 : rule.prefix.length * 2) + (rule.methods.length > 0 ? 1 : 0);

const coversMethod = (rule: RouteRule, method: string): boolean =>
  rule.methods.length === 0 || rule.methods.includes(method) || (method === 'HEAD' && rule.methods.includes('GET'));

/** `/hospitals` covers `/hospitals`, `/hospitals.json` and `/hospitals/…`, but not `/hospitalsX`. */
export const coversPath = (prefix: string, path: string): boolean =>
  prefix === '*' || path === prefix || path === `${prefix}.json` || path.startsWith(`${prefix}/`);
