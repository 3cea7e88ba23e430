import * as path from 'node:path';
import { EnvReader } from './env-reader';

/** Where hosp keeps its data: see docs/architecture.md for what each store means. */
export const STORE_KINDS = ['dynamodb-local', 'memory', 'dynamodb', 'legacy'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface StoreConfig {
  /** HOSP_STORE: which store module app.ts binds. */
  readonly kind: StoreKind;
  /** HOSP_DATA_DIR, absolute: where local stores (DynamoDB Local) keep their files. */
  readonly dataDir: string;
}

export const readStoreConfig = (env: EnvReader): StoreConfig => ({
  kind: env.oneOf('HOSP_STORE', STORE_KINDS, 'dynamodb-local'),
  dataDir: path.resolve(env.string('HOSP_DATA_DIR', './.hosp/data')),
});
