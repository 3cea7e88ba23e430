import { IdempotentRunner } from '../../idempotency/idempotent-runner';
import { idempotencyKeyOf } from '../idempotency-key';
import { Route } from '../router';

/**
 * A route that honours `Idempotency-Key` (the IETF draft): the key is scoped to the member of
 * staff, the method and the route; the same key with the same body answers the first
 * response again (with `Idempotent-Replayed: true`), wherever in the fleet it is sent; with
 * another body, 422; while the first is still running, 409. Only answers are kept: a request
 * that failed (4xx, 5xx) may be sent again under its key. Without the header the route runs
 * as it is.
 */
export function idempotentRoute(route: Route, runner: IdempotentRunner): Route {
  return {
    ...route,
    handle: async (context) => {
      const key = idempotencyKeyOf(context.http.headers);
      if (key === undefined || !context.actor) return route.handle(context);
      const { value, replayed } = await runner.run(
        { scope: `staff:${context.actor.staffId}`, operation: `${route.method} ${route.path}`, key, payload: JSON.stringify(context.body ?? null) },
        () => route.handle(context),
      );
      return replayed ? { ...value, headers: { ...value.headers, 'idempotent-replayed': 'true' } } : value;
    },
  };
}
