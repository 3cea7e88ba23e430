import { Actor } from '../../domain/staff';
import { HttpError } from './http-error';
import { HttpRequest } from './http-request';
import { HttpResponse } from './http-response';

/** Everything a route's handler may use. */
export interface RouteContext {
  readonly http: HttpRequest;
  /** Percent-decoded path parameters, e.g. `{ id: '9' }`. */
  readonly params: Readonly<Record<string, string>>;
  /** Set on every route that is not public. */
  readonly actor: Actor | undefined;
  /** The parsed JSON body, undefined when there was none. */
  readonly body: unknown;
}

/** One method on one path template, e.g. `GET /hospitals/{id}`. */
export interface Route {
  readonly method: string;
  /** Literal segments and `{name}` parameters, e.g. `/hospitals/{id}`. */
  readonly path: string;
  /** Served without staff credentials (the origin check still applies). */
  readonly public?: boolean;
  /** Also answers at the path with `.json` appended, as legacy HOSP (Rails) did. */
  readonly legacyJsonSuffix?: boolean;
  handle(context: RouteContext): Promise<HttpResponse>;
}

export interface ResolvedRoute {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
  /** `METHOD /template`, for logs. */
  readonly id: string;
}

const JSON_SUFFIX = '.json';

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // left as sent; the route's own validation rejects it
  }
}

// Templates are few and fixed: split each once, not on every request.
const templateSegments = new Map<string, readonly string[]>();

function matchTemplate(template: string, path: string): Record<string, string> | null {
  let want = templateSegments.get(template);
  if (!want) {
    want = template.split('/');
    templateSegments.set(template, want);
  }
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = Object.create(null);
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g.length === 0) return null;
      params[w.slice(1, -1)] = decodeSegment(g);
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

function matchRoute(route: Route, path: string): Record<string, string> | null {
  if (route.legacyJsonSuffix && path.endsWith(JSON_SUFFIX)) {
    return matchTemplate(route.path, path.slice(0, -JSON_SUFFIX.length));
  }
  return matchTemplate(route.path, path);
}

/** Picks the route for a request: 404 when no path matches, 405 with `Allow` when only the method is wrong. */
export class Router {
  constructor(private readonly routes: readonly Route[]) {}

  resolve(method: string, path: string): ResolvedRoute {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchRoute(route, path);
      if (!params) continue;
      if (route.method === method) return { route, params, id: `${route.method} ${route.path}` };
      allowed.push(route.method);
    }
    if (allowed.length === 0) throw new HttpError('ROUTE_NOT_FOUND', 'There is nothing at this path.');
    throw new HttpError('METHOD_NOT_ALLOWED', 'This path does not accept this method; see Allow.', undefined, {
      allow: [...new Set(allowed)].join(', '),
    });
  }
}
