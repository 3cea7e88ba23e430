import { ContainerModule } from 'inversify';
import { Config } from '../config/config';
import { StoreKind } from '../config/store-config';
import { dynamodbLocalStore } from '../stores/dynamodb-local-store';
import { dynamodbStore } from '../stores/dynamodb-store';
import { legacyStore } from '../stores/legacy-store';
import { memoryStore } from '../stores/memory-store';
import { StoreModule, StoreStart } from '../stores/store-module';

/** One store module per HOSP_STORE value; each store's owner adds its line here. */
const STORE_MODULES: Partial<Record<StoreKind, StoreModule>> = {
  'dynamodb-local': dynamodbLocalStore,
  dynamodb: dynamodbStore,
  memory: memoryStore,
  legacy: legacyStore,
};

/** The store chosen by HOSP_STORE; an async module (it may start DynamoDB Local), loaded after legacy. */
export function storeModule(config: Config, start: StoreStart): ContainerModule {
  const module = STORE_MODULES[config.store.kind];
  if (!module) throw new Error(`HOSP_STORE=${config.store.kind} is not available in this build.`);
  return module(config, start);
}
