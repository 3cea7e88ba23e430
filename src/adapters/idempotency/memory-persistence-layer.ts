import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { LRUCache } from 'lru-cache';

export interface MemoryPersistenceOptions {
  readonly maxEntries: number;
  /** Bytes the stored answers may hold together (each counted as its JSON text plus a fixed cost). */
  readonly maxBytes: number;
}

export const DEFAULT_MEMORY_PERSISTENCE: MemoryPersistenceOptions = { maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 };

/** What an entry is counted as beyond its answer: key, hashes and bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 256;

interface Stored {
  readonly status: string;
  readonly expiryTimestamp: number | undefined;
  readonly inProgressExpiryTimestamp: number | undefined;
  readonly responseData: unknown;
  readonly payloadHash: string | undefined;
}

/**
 * A Powertools persistence layer in process memory, for HOSP_STORE=memory (one process by
 * definition): the same conditions as Powertools' DynamoDB layer (a key is taken unless it is
 * absent, expired, or in progress past its in-progress expiry), bounded by count and bytes.
 * The least recently used keys are forgotten first.
 */
export class MemoryPersistenceLayer extends BasePersistenceLayer {
  private readonly records: LRUCache<string, Stored>;

  constructor(options: MemoryPersistenceOptions = DEFAULT_MEMORY_PERSISTENCE) {
    super();
    this.records = new LRUCache<string, Stored>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (stored) => ENTRY_OVERHEAD_BYTES + Buffer.byteLength(JSON.stringify(stored.responseData) ?? ''),
    });
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const stored = this.records.get(idempotencyKey);
    if (!stored) throw new IdempotencyItemNotFoundError();
    return toRecord(idempotencyKey, stored);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    const now = Date.now();
    const free =
      !existing ||
      (existing.expiryTimestamp !== undefined && existing.expiryTimestamp < now / 1000) ||
      (existing.status === 'INPROGRESS' && existing.inProgressExpiryTimestamp !== undefined && existing.inProgressExpiryTimestamp < now);
    if (!free) {
      throw new IdempotencyItemAlreadyExistsError(`Failed to put record for already existing idempotency key: ${record.idempotencyKey}`, toRecord(record.idempotencyKey, existing));
    }
    this.records.set(record.idempotencyKey, {
      status: record.getStatus(),
      expiryTimestamp: record.expiryTimestamp,
      inProgressExpiryTimestamp: record.inProgressExpiryTimestamp,
      responseData: undefined,
      payloadHash: this.isPayloadValidationEnabled() ? record.payloadHash : undefined,
    });
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    this.records.set(record.idempotencyKey, {
      status: record.getStatus(),
      expiryTimestamp: record.expiryTimestamp,
      inProgressExpiryTimestamp: existing?.inProgressExpiryTimestamp,
      responseData: record.responseData !== undefined ? structuredClone(record.responseData) : existing?.responseData,
      payloadHash: this.isPayloadValidationEnabled() ? record.payloadHash : existing?.payloadHash,
    });
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}

function toRecord(idempotencyKey: string, stored: Stored): IdempotencyRecord {
  return new IdempotencyRecord({
    idempotencyKey,
    status: stored.status as never,
    expiryTimestamp: stored.expiryTimestamp,
    inProgressExpiryTimestamp: stored.inProgressExpiryTimestamp,
    responseData: stored.responseData !== undefined ? structuredClone(stored.responseData) : undefined,
    payloadHash: stored.payloadHash,
  } as ConstructorParameters<typeof IdempotencyRecord>[0]);
}
