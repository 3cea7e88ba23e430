import { Env, EnvReader } from './env-reader';
import { readStoreConfig, StoreConfig } from './store-config';
import { HttpConfig, readHttpConfig } from './http-config';
import { DynamoDbConfig, readDynamoDbConfig } from './dynamodb-config';
import { LegacyConfig, readLegacyConfig } from './legacy-config';
import { GatewayConfig, readGatewayConfig } from './gateway-config';
import { AuthConfig, readAuthConfig } from './auth-config';

/**
 * Everything hosp reads from its environment, parsed and validated once at start-up.
 * One section per area, each in its own file; to add an area, add its file and one line here.
 */
export interface Config {
  readonly store: StoreConfig;
  readonly http: HttpConfig;
  readonly dynamodb: DynamoDbConfig;
  readonly legacy: LegacyConfig;
  readonly gateway: GatewayConfig;
  readonly auth: AuthConfig;
}

/** Reads and validates the configuration; throws one ConfigError listing every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const reader = new EnvReader(env);
  const config: Config = {
    store: readStoreConfig(reader),
    http: readHttpConfig(reader),
    dynamodb: readDynamoDbConfig(reader),
    legacy: readLegacyConfig(reader),
    gateway: readGatewayConfig(reader),
    auth: readAuthConfig(reader),
  };
  reader.assertValid();
  return config;
}
