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
  /** The parsed JSON body, undefined when there was none (or the route reads its own). */
  readonly body: unknown;
  /** The caller's address as far as hosp can trust it (see `clientAddressOf`). */
  readonly clientAddress: string;
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
  /** The route reads and checks its own body (e.g. images); the JSON body middleware leaves it alone. */
  readonly readsOwnBody?: boolean;
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

function matchTemplate(template: string, got: readonly string[]): Record<string, string> | null {
  let want = templateSegments.get(template);
  if (!want) {
    want = template.split('/');
    templateSegments.set(template, want);
  }
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

/** A request path split into segments once, with and without the legacy `.json` suffix. */
interface SplitPath {
  readonly plain: readonly string[];
  readonly withoutSuffix: readonly string[] | undefined;
}

function splitPath(path: string): SplitPath {
  return {
    plain: path.split('/'),
    withoutSuffix: path.endsWith(JSON_SUFFIX) ? path.slice(0, -JSON_SUFFIX.length).split('/') : undefined,
  };
}

function matchRoute(route: Route, path: SplitPath): Record<string, string> | null {
  if (route.legacyJsonSuffix && path.withoutSuffix) return matchTemplate(route.path, path.withoutSuffix);
  return matchTemplate(route.path, path.plain);
}

export interface RouterOptions {
  /** `HEAD` runs the `GET` route of the path (RFC 9110 §9.3.2); the body is dropped by `headWithoutBody`. */
  readonly head?: boolean;
}

/** Picks the route for a request: 404 when no path matches, 405 with `Allow` when only the method is wrong. */
export class Router {
  /** `METHOD /template` of each route, built once. */
  private readonly ids = new Map<Route, string>();

  constructor(
    private readonly routes: readonly Route[],
    private readonly options: RouterOptions = {},
  ) {
    for (const route of routes) this.ids.set(route, `${route.method} ${route.path}`);
  }

  private idOf(route: Route): string {
    return this.ids.get(route) ?? `${route.method} ${route.path}`;
  }

  resolve(method: string, path: string): ResolvedRoute {
    const allowed: string[] = [];
    const segments = splitPath(path);
    let headOf: ResolvedRoute | undefined;
    for (const route of this.routes) {
      const params = matchRoute(route, segments);
      if (!params) continue;
      if (route.method === method) return { route, params, id: this.idOf(route) };
      allowed.push(route.method);
      if (this.options.head && route.method === 'GET') {
        allowed.push('HEAD');
        headOf ??= { route, params, id: `HEAD ${route.path}` };
      }
    }
    if (method === 'HEAD' && headOf) return headOf;
    if (allowed.length === 0) throw new HttpError('ROUTE_NOT_FOUND', 'There is nothing at this path.');
    throw new HttpError('METHOD_NOT_ALLOWED', 'This path does not accept this method; see Allow.', undefined, {
      allow: [...new Set(allowed)].join(', '),
    });
  }
}
