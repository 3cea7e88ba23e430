import { DEFAULT_ROUTES, parseRouteRules, RouteRule, RouteTable } from '../../adapters/gateway/route-table';
import { EnvReader } from './env-reader';

/** Settings of the strangler-fig gateway, active when HOSP_LEGACY_URL is set (see docs/gateway.md). */
export interface GatewayConfig {
  /** HOSP_ROUTES, parsed: which method and path prefix go to the core and which to legacy. */
  readonly routes: readonly RouteRule[];
  /** HOSP_SHADOW: prefixes of core-served routes whose reads are also sent to legacy and compared. */
  readonly shadowPrefixes: readonly string[];
  /** HOSP_SHADOW_IGNORE: JSON fields left out of shadow comparisons (default `url`). */
  readonly shadowIgnoreFields: readonly string[];
  /** HOSP_ENROL_FROM_LEGACY: a login unknown to hosp is checked once against legacy and, if accepted, enrolled. */
  readonly enrolFromLegacy: boolean;
  /**
   * HOSP_GATEWAY_MEMBER_CONCURRENCY: requests to legacy in flight at once per member of staff,
   * per process; unset: half of HOSP_LEGACY_MAX_CONCURRENCY, so others always have the rest.
   */
  readonly memberConcurrency?: number;
  /**
   * HOSP_GATEWAY_FLEET_MEMBER_CONCURRENCY: requests to legacy in flight at once per member of
   * staff across every gateway process (counted in DynamoDB; stores without a shared table
   * count per process only). Default 8: under half of the default reserved concurrency (20).
   */
  readonly fleetMemberConcurrency: number;
}

const SHADOW_PREFIX = /^(\/[A-Za-z0-9._~-]+)+$/;
const FIELD = /^[A-Za-z0-9_.-]+$/;

export function readGatewayConfig(env: EnvReader): GatewayConfig {
  const { rules, problems } = parseRouteRules(env.string('HOSP_ROUTES', DEFAULT_ROUTES));
  for (const problem of problems) env.problem('HOSP_ROUTES', problem);
  const table = new RouteTable(rules);
  const shadowPrefixes = env.list('HOSP_SHADOW');
  for (const prefix of shadowPrefixes) {
    if (!SHADOW_PREFIX.test(prefix)) env.problem('HOSP_SHADOW', `"${prefix}" must be a path prefix such as /hospitals`);
    else if (!table.sendsToTarget(prefix, 'core')) {
      env.problem('HOSP_SHADOW', `"${prefix}" is routed to legacy by HOSP_ROUTES; shadow mode compares routes the core serves`);
    }
  }
  const ignore = env.optional('HOSP_SHADOW_IGNORE') === undefined ? ['url'] : env.list('HOSP_SHADOW_IGNORE');
  if (ignore.some((field) => !FIELD.test(field))) env.problem('HOSP_SHADOW_IGNORE', 'must be comma-separated field names');
  const enrolFromLegacy = env.boolean('HOSP_ENROL_FROM_LEGACY', false);
  const memberConcurrency = env.optional('HOSP_GATEWAY_MEMBER_CONCURRENCY') === undefined
    ? undefined
    : env.integer('HOSP_GATEWAY_MEMBER_CONCURRENCY', 16, 1, 1024);
  const fleetMemberConcurrency = env.integer('HOSP_GATEWAY_FLEET_MEMBER_CONCURRENCY', 8, 1, 10_000);
  const legacyConfigured = env.optional('HOSP_LEGACY_URL') !== undefined;
  if (!legacyConfigured && (enrolFromLegacy || shadowPrefixes.length > 0)) {
    env.required('HOSP_LEGACY_URL', 'when HOSP_ENROL_FROM_LEGACY or HOSP_SHADOW is set');
  }
  return { routes: rules, shadowPrefixes, shadowIgnoreFields: ignore, enrolFromLegacy, fleetMemberConcurrency, ...(memberConcurrency !== undefined && { memberConcurrency }) };
}
