import { HttpAnswer, HttpExchange } from './http1/http-exchange';
import { PYTHON_ERROR_CONTENT_TYPE, pythonErrorPage, pythonRepr } from './http1/python-error-page';
import { FaultInjector, FaultPlan } from './sim-faults';
import { railsParams } from './sim-params';
import { matchRoute, notFound, Reply, Route, RouteMatch } from './sim-routes';
import { SimStats } from './sim-stats';

/** What the request handler works with. */
export interface SimRequestHandlerDeps {
  readonly routes: Route[];
  readonly stats: SimStats;
  readonly faults: FaultInjector;
  readonly authorized: (authorization: string | undefined) => boolean;
  /** See `LegacySimulatorOptions.roughTransport`. */
  readonly roughTransport: boolean;
}

/** Methods legacy's Rails app knows; the web server in front answers anything else itself. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const HTML = 'text/html; charset=utf-8';
const RAILS_ERROR_PAGE = "<html><body><h1>We're sorry, but something went wrong.</h1></body></html>";

/**
 * Answers requests the way legacy does: the web server's own answers (501, TRACE), then the
 * request's fault plan, Basic auth, routing and the route. With the rough transport the
 * answers legacy gives without reading the body (fast 5xx, unknown route, unknown method)
 * leave the body on the connection; otherwise the body is read before anything is decided.
 */
export class SimRequestHandler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: SimRequestHandlerDeps) {}

  /** Handles one request; resolves once it is answered (or dropped). */
  async handle(exchange: HttpExchange): Promise<void> {
    const { stats, faults, routes, roughTransport } = this.deps;
    // The kind transport decides nothing before the whole body has arrived, as node:http did.
    if (!roughTransport && (await exchange.readBody()) === undefined) return;
    const { method, target } = exchange.head;
    const query = target.includes('?') ? target.slice(target.indexOf('?') + 1) : '';
    const path = target.split('?')[0]!.replace(/\.json$/, '').replace(/\/+$/, '') || '/';
    if (!KNOWN_METHODS.has(method)) return this.webServerAnswer(exchange);
    if (path === '/__sim/stats' && method === 'GET') return this.afterBody(exchange, answerOf({ status: 200, body: stats.snapshot() }));
    if (path === '/' && (method === 'GET' || method === 'HEAD')) {
      stats.request(`${method} /`);
      return this.afterBody(exchange, answerOf({ status: 200, body: 'Server is online.', contentType: HTML }));
    }
    const match = matchRoute(routes, method, path);
    stats.request(match ? `${method} ${match.route.pattern}` : `${method} (unrouted)`);
    const plan = faults.plan();
    if (plan.reset === 'before') {
      stats.fault('reset-before');
      return exchange.reset();
    }
    if (plan.failStatus !== null) {
      stats.fault(`fail-${plan.failStatus}`);
      return exchange.respond(answerOf({ status: plan.failStatus, body: RAILS_ERROR_PAGE, contentType: HTML }));
    }
    if (plan.delayMs > 0) {
      stats.fault('slow');
      await this.sleep(plan.delayMs);
      if (exchange.closed) return;
    }
    return this.process(exchange, match, query, plan);
  }

  /** Cancels delayed answers (the simulator is closing). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async process(exchange: HttpExchange, match: RouteMatch | null, query: string, plan: FaultPlan): Promise<void> {
    const { stats, roughTransport } = this.deps;
    // Rails routes a request before any controller checks credentials.
    if (!match && roughTransport) return this.finish(exchange, notFound(), false, plan);
    if (!this.deps.authorized(exchange.header('authorization'))) {
      stats.unauthorized();
      const denied = { status: 401, body: 'HTTP Basic: Access denied.\n', contentType: HTML };
      return this.afterBody(exchange, answerOf(denied, [['WWW-Authenticate', 'Basic realm="Application"']]));
    }
    if (!match) return this.finish(exchange, notFound(), false, plan);
    const body = await exchange.readBody();
    if (body === undefined || exchange.closed) return;
    const reply = match.route.handle(match.params, { params: railsParams(query, body), body });
    this.finish(exchange, reply, match.route.write && reply.status < 300, plan);
  }

  /** Sends a processed request's reply, unless the plan resets the connection or fails the committed write. */
  private finish(exchange: HttpExchange, reply: Reply, wrote: boolean, plan: FaultPlan): void {
    const { stats } = this.deps;
    if (plan.reset === 'after') {
      stats.fault('reset-after');
      return exchange.reset();
    }
    if (wrote && plan.commitThenFail) {
      stats.fault('commit-then-fail');
      return exchange.respond(answerOf({ status: 500, body: RAILS_ERROR_PAGE, contentType: HTML }));
    }
    exchange.respond(answerOf(reply));
  }

  /** TRACE echoed (rough: legacy does not protect itself) or 501, answered before the app sees the request. */
  private async webServerAnswer(exchange: HttpExchange): Promise<void> {
    const { method } = exchange.head;
    if (method === 'TRACE' && this.deps.roughTransport) {
      this.deps.stats.request('TRACE (echo)');
      return this.afterBody(exchange, { status: 200, headers: [['Content-Type', 'message/http']], body: exchange.head.raw });
    }
    this.deps.stats.request(`${method} (not implemented)`);
    const page = pythonErrorPage(501, `Unsupported method (${pythonRepr(method)})`);
    exchange.respond({ status: 501, headers: [['Content-Type', PYTHON_ERROR_CONTENT_TYPE]], body: page });
  }

  /** Reads the body, then answers: how legacy gives every answer not sent early. */
  private async afterBody(exchange: HttpExchange, answer: HttpAnswer): Promise<void> {
    if ((await exchange.readBody()) === undefined) return;
    exchange.respond(answer);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** A route's reply on the wire: JSON unless the body is already text. */
function answerOf({ status, body, contentType }: Reply, headers: Array<[string, string]> = []): HttpAnswer {
  if (body === undefined || status === 204) return { status, headers };
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: [...headers, ['Content-Type', contentType ?? 'application/json; charset=utf-8']], body: text };
}
