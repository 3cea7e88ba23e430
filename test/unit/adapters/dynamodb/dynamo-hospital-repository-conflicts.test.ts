import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { hospitalAudit } from '../../../../src/application/hospitals/hospital-audit';
import { DynamoHospitalRepository } from '../../../../src/adapters/dynamodb/dynamo-hospital-repository';
import { newHospital, renameHospital } from '../../../../src/domain/hospital';
import { ALICE } from '../../../support/in-memory-core';

const T0 = '2024-06-01T09:00:00.000Z';
const T1 = '2024-06-01T09:05:00.000Z';

/** A client whose every transaction is cancelled because other transactions hold the items. */
const alwaysConflicting = () => {
  const client = {
    sent: 0,
    async send(): Promise<never> {
      client.sent++;
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
      });
    },
  };
  return client;
};

describe('DynamoHospitalRepository when concurrent transactions keep conflicting', () => {
  const hospital = newHospital(5, 'Busy', T0);

  it('retries, then answers VERSION_CONFLICT for an update (nothing was written), never a raw SDK error', async () => {
    const client = alwaysConflicting();
    const repository = new DynamoHospitalRepository(client as unknown as DynamoDBDocumentClient, 'h', 'a');
    const next = renameHospital(hospital, 'Busier', T1);
    await expect(repository.update(next, 1, hospitalAudit('update', ALICE, T1, hospital, next))).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    expect(client.sent).toBeGreaterThan(1);
  });

  it('answers VERSION_CONFLICT for a delete', async () => {
    const client = alwaysConflicting();
    const repository = new DynamoHospitalRepository(client as unknown as DynamoDBDocumentClient, 'h', 'a');
    await expect(repository.delete(5, 1, hospitalAudit('delete', ALICE, T1, hospital, null))).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
  });
});
