import { createHash } from 'node:crypto';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { idempotencyKeyInProgress, idempotencyKeyReused, idempotencyUnavailable } from '../../domain/errors';
import { JsonLog } from '../observability/json-log';
import { noMetrics, OperationalMetrics } from '../observability/operational-metrics';
import { IdempotencyRequest, IdempotentOutcome, IdempotentRunner } from './idempotent-runner';

export interface PowertoolsIdempotencyOptions {
  /** How long a key is remembered (s). */
  readonly expiresAfterSeconds: number;
  /**
   * How long a request may hold its key "in progress" (ms): a process that dies mid-request
   * blocks the key (409) this long, then a repeat may run it again. Above the longest a request
   * can take (the request deadline).
   */
  readonly inProgressExpiryMs: number;
}

export const DEFAULT_POWERTOOLS_IDEMPOTENCY: PowertoolsIdempotencyOptions = { expiresAfterSeconds: 24 * 60 * 60, inProgressExpiryMs: 30_000 };

/** Every process and function shares one key space (not Powertools' per-function default prefix). */
const KEY_PREFIX = 'hosp';

/** What Powertools hashes: the key (with scope and operation) and the payload's hash. */
type KeyedPayload = { key: string; payload: string };

/**
 * Idempotency-Keys through Powertools for AWS Lambda's Idempotency utility and a persistence
 * layer: DynamoDB (shared by every container of the fleet) or process memory
 * (`MemoryPersistenceLayer`, HOSP_STORE=memory). Powertools stores the in-progress record with
 * a condition, the value once the request succeeds, and deletes the record when it fails. The
 * key is hashed (SHA-256) with its scope and operation; the payload only as a SHA-256 hash.
 *
 * Fails closed: a store that cannot record the key means the request is not run (503). A value
 * that cannot be stored after the request ran is still answered, and logged: the key then stays
 * "in progress" until `inProgressExpiryMs`.
 */
export class PowertoolsIdempotency implements IdempotentRunner {
  private readonly config: IdempotencyConfig;
  private readonly remaining: { getRemainingTimeInMillis(): number };

  constructor(
    private readonly persistence: BasePersistenceLayer,
    private readonly log: JsonLog,
    options: PowertoolsIdempotencyOptions = DEFAULT_POWERTOOLS_IDEMPOTENCY,
    private readonly metrics: OperationalMetrics = noMetrics,
  ) {
    this.config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      payloadValidationJmesPath: 'payload',
      expiresAfterSeconds: options.expiresAfterSeconds,
      hashFunction: 'sha256',
      throwOnNoIdempotencyKey: true,
    });
    this.remaining = { getRemainingTimeInMillis: () => options.inProgressExpiryMs };
  }

  async run<T extends object>(request: IdempotencyRequest, execute: () => Promise<T>): Promise<IdempotentOutcome<T>> {
    let ran = false;
    let produced: { value: T } | undefined;
    let failed: { error: unknown } | undefined;
    const once = makeIdempotent(
      async (_data: KeyedPayload, _context: unknown): Promise<T> => {
        ran = true;
        try {
          const value = await execute();
          produced = { value };
          return value;
        } catch (error) {
          failed = { error };
          throw error;
        }
      },
      { persistenceStore: this.persistence, config: this.config, keyPrefix: KEY_PREFIX },
    );
    try {
      // A context-like second argument: Powertools takes the in-progress expiry from it.
      const value = (await once(keyedPayload(request), this.remaining)) as T;
      if (!ran) this.metrics.count('IdempotentReplays');
      return { value, replayed: !ran };
    } catch (error) {
      if (failed) throw failed.error;
      if (produced) {
        this.log({ level: 'error', msg: 'idempotency: the answer ran but could not be stored; the key stays in progress until it expires', operation: request.operation, error: describe(error) });
        return { value: produced.value, replayed: false, unstored: true };
      }
      throw this.contractError(error, request);
    }
  }

  async replace<T extends object>(request: IdempotencyRequest, value: T): Promise<void> {
    try {
      await this.save(request, value);
    } catch (error) {
      this.log({ level: 'warn', msg: 'idempotency: could not replace a stored answer', operation: request.operation, error: describe(error) });
    }
  }

  async store<T extends object>(request: IdempotencyRequest, value: T): Promise<void> {
    try {
      await this.save(request, value);
    } catch (error) {
      this.log({ level: 'error', msg: 'idempotency store unavailable; the request was not run', operation: request.operation, error: describe(error) });
      throw idempotencyUnavailable();
    }
  }

  /** Writes `value` as the key's stored answer, whatever the key held. */
  private async save<T extends object>(request: IdempotencyRequest, value: T): Promise<void> {
    this.persistence.configure({ config: this.config, keyPrefix: KEY_PREFIX });
    await this.persistence.saveSuccess(keyedPayload(request), value as Parameters<BasePersistenceLayer['saveSuccess']>[1]);
  }

  private contractError(error: unknown, request: IdempotencyRequest): Error {
    if (error instanceof IdempotencyValidationError) return idempotencyKeyReused();
    if (error instanceof IdempotencyAlreadyInProgressError) return idempotencyKeyInProgress();
    this.log({ level: 'error', msg: 'idempotency store unavailable; the request was not run', operation: request.operation, error: describe(error) });
    return idempotencyUnavailable();
  }
}

function keyedPayload(request: IdempotencyRequest): KeyedPayload {
  const key = createHash('sha256').update(`${request.scope}\n${request.operation}\n${request.key}`).digest('base64url');
  return { key, payload: createHash('sha256').update(request.payload).digest('base64url') };
}

function describe(error: unknown): Record<string, unknown> {
  const e = error as (Error & { cause?: Error }) | null;
  return { name: e?.name, message: e?.message, ...(e?.cause && { cause: { name: e.cause.name, message: e.cause.message } }) };
}
