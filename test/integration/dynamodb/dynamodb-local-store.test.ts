import { Container } from 'inversify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { hospitalAudit } from '../../../src/application/hospitals/hospital-audit';
import { newHospital } from '../../../src/domain/hospital';
import { HospitalRepository } from '../../../src/domain/ports/hospital-repository';
import { IdAllocator } from '../../../src/domain/ports/id-allocator';
import { loadConfig } from '../../../src/infra/config/config';
import { startDynamoDbLocal } from '../../../src/infra/dynamodb-local/dynamodb-local-process';
import { JavaNotFoundError } from '../../../src/infra/dynamodb-local/java-not-found-error';
import { Shutdown } from '../../../src/infra/modules/shutdown';
import { dynamodbLocalStore } from '../../../src/infra/stores/dynamodb-local-store';
import { TOKENS } from '../../../src/infra/tokens';
import { ALICE } from '../../support/in-memory-core';

const T0 = '2024-08-01T00:00:00.000Z';

describe('the embedded DynamoDB Local store', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hosp-ddb-local-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const open = async () => {
    const config = loadConfig({ HOSP_STORE: 'dynamodb-local', HOSP_DATA_DIR: dataDir });
    const container = new Container();
    const shutdown = new Shutdown();
    await container.loadAsync(dynamodbLocalStore(config, { shutdown, instrumentAwsClient: () => undefined }));
    return {
      close: () => shutdown.close(),
      repository: container.get<HospitalRepository>(TOKENS.HospitalRepository),
      ids: container.get<IdAllocator>(TOKENS.HospitalIdAllocator),
    };
  };

  it('keeps data in HOSP_DATA_DIR across a stop and a start', async () => {
    const first = await open();
    let id: number;
    try {
      id = await first.ids.next();
      const hospital = newHospital(id, 'Survivor Clinic', T0);
      await first.repository.create(hospital, hospitalAudit('create', ALICE, T0, null, hospital));
    } finally {
      await first.close();
    }
    const second = await open();
    try {
      expect(await second.repository.get(id)).toMatchObject({ name: 'Survivor Clinic', version: 1 });
      // The counter survived too: a new process does not hand out the same id again.
      expect(await second.ids.next()).toBeGreaterThan(id);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('fails with a clear one-line JavaNotFoundError when Java is missing', async () => {
    const start = startDynamoDbLocal({ javaCommand: path.join(dataDir, 'no-such-java') });
    await expect(start).rejects.toBeInstanceOf(JavaNotFoundError);
    await expect(start).rejects.toThrow(/^Java was not found .*HOSP_STORE=memory/);
    const error: unknown = await start.catch((e: unknown) => e);
    expect((error as Error).message).not.toContain('\n');
  });

  it('honours HOSP_JAVA in the store module', async () => {
    // A directory of its own: on one whose DynamoDB Local still runs, hosp connects to it and starts no java.
    const config = loadConfig({ HOSP_DATA_DIR: path.join(dataDir, 'no-java'), HOSP_JAVA: path.join(dataDir, 'missing-java') });
    const store = dynamodbLocalStore(config, { shutdown: new Shutdown(), instrumentAwsClient: () => undefined });
    await expect(new Container().loadAsync(store)).rejects.toBeInstanceOf(JavaNotFoundError);
  });
});
