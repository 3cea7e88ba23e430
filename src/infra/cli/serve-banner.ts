import { RouteRule } from '../../adapters/gateway/route-table';
import { Config } from '../config/config';

const API_ROUTES = 'GET|POST /hospitals, GET|PATCH|PUT|DELETE /hospitals/{id}, GET /openapi.json';

/** Where the data lives, in a few words. */
function storeLine(config: Config): string {
  const { kind } = config.store;
  const tables = `tables ${config.dynamodb.tables.hospitals}, …`;
  switch (kind) {
    case 'dynamodb-local':
      return `dynamodb-local (DynamoDB Local, shared with every hosp process on the data directory; ${tables})`;
    case 'dynamodb':
      return `dynamodb (${config.dynamodb.endpoint ?? `AWS ${config.dynamodb.region}`}; ${tables})`;
    case 'memory':
      return 'memory (nothing is kept after hosp stops)';
    case 'legacy':
      return 'legacy (hospitals are read and written in legacy HOSP)';
  }
}

const ruleText = (rule: RouteRule): string => `${rule.methods.length ? `${rule.methods.join('|')} ` : ''}${rule.prefix}=${rule.target}`;

/**
 * What `hosp serve` prints on stderr before it says it is serving: the mode, store, data
 * directory, legacy URL and routes, and a first request to try. Never a secret.
 */
export function serveBanner(config: Config, listeningUrl: string): string[] {
  const gateway = config.legacy.url !== undefined;
  const base = config.http.publicBaseUrlSet ? config.http.publicBaseUrl : listeningUrl;
  return [
    `hosp ${gateway ? 'gateway' : 'API'}`,
    `  mode:     ${gateway ? 'gateway: the new core serves its routes, legacy HOSP the rest (docs/gateway.md)' : 'API: the hospitals API alone (set HOSP_LEGACY_URL for the gateway)'}`,
    `  store:    ${storeLine(config)}`,
    `  data dir: ${config.store.kind === 'dynamodb-local' ? config.store.dataDir : '- (only HOSP_STORE=dynamodb-local keeps files)'}`,
    `  legacy:   ${config.legacy.url ?? '- (HOSP_LEGACY_URL unset)'}`,
    `  routes:   ${gateway ? `${config.gateway.routes.map(ruleText).join(', ')} (HOSP_ROUTES); core: ${API_ROUTES}` : API_ROUTES}`,
    `  try:      curl -u USER:PASS ${base}/hospitals`,
    `  logs:     one ${config.http.logFormat === 'pretty' ? 'line' : 'JSON line'} per request on stdout${config.http.logFormat === 'pretty' ? '' : ' (HOSP_LOG_FORMAT=pretty for people)'}`,
  ];
}
