import { BatchGetCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoLoginAttempts } from '../../src/adapters/dynamodb/dynamo-login-attempts';
import { DEFAULT_ADMISSION_WAIT, LoginThrottle } from '../../src/application/staff/login-throttle';
import { DomainError } from '../../src/domain/errors';
import { AdmittedAttempt } from '../../src/application/staff/ports/login-attempts';
import { createTestTables, TestTables } from '../support/dynamodb';
import { sleep } from './attack-support';

/**
 * The login throttle's admission wait (acbb5ee): an attempt refused while checks of the same
 * (account, address) are running asks again for up to 1 s (12 asks at most, ~100 ms apart)
 * instead of answering 429 at once. DynamoDB keeps the running checks as `checking` on the
 * pair's item. Attacked here across processes (each its own LoginThrottle and DynamoDB client
 * on one table), with a clock that stands still unless a test moves it, so only the counts and
 * the asks decide.
 */
const SECRET = 'a login throttle key of at least 32 characters';
const ACCOUNT = 'admin';
const GUESSER = '127.0.21.1';

describe('attack: the login admission wait', () => {
  let tables: TestTables;
  let frozen: Date;
  const clock = { now: () => frozen };

  beforeAll(async () => {
    tables = await createTestTables('wait');
  }, 60_000);
  afterAll(() => tables.drop());
  beforeEach(() => {
    // A fresh minute per test, far enough apart that no count of an earlier test is live.
    frozen = new Date(Date.UTC(2030, 0, 1) + Math.floor(Math.random() * 1e9) * 60_000);
  });

  /** One process's throttle, counting the BatchGetItem reads it makes. */
  const process = () => {
    let reads = 0;
    const counting = {
      send: (command: unknown) => {
        if (command instanceof BatchGetCommand) reads++;
        return tables.client.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const throttle = new LoginThrottle(new DynamoLoginAttempts(counting, tables.tables.loginAttempts, SECRET), clock);
    return { throttle, reads: () => reads };
  };

  const refusal = async (promise: Promise<unknown>): Promise<DomainError> => {
    const outcome = await promise.then(() => 'admitted', (error: unknown) => error);
    expect(outcome).toBeInstanceOf(DomainError);
    expect((outcome as DomainError).code).toBe('LOCKED_OUT');
    return outcome as DomainError;
  };

  /** `checking` on every item that has it (the pair items: their keys are HMACs, so found by scan). */
  const checkingValues = async (): Promise<number[]> => {
    const { Items } = await tables.client.send(new ScanCommand({ TableName: tables.tables.loginAttempts }));
    return (Items ?? []).filter((item) => typeof item.checking === 'number').map((item) => item.checking as number);
  };

  it('holds: a guesser racing 24 attempts over three processes, whose checks are withdrawn or fail, gets at most the three verdicts the rules allow', async () => {
    const user = `${ACCOUNT}-${frozen.getTime()}`;
    const fleet = [process(), process(), process()];
    let verdicts = 0;
    let withdrawn = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        let attempt: AdmittedAttempt;
        try {
          attempt = await fleet[i % 3]!.throttle.admit(user, GUESSER);
        } catch (error) {
          return (error as DomainError).code;
        }
        await sleep(20 + Math.random() * 60); // the check
        // The first four admitted get no verdict (a BUSY hasher, a directory failure): each one
        // withdrawn lifts the refusal for a waiting attempt, which is the whole trick tried here.
        if (withdrawn < 4) {
          withdrawn++;
          await fleet[i % 3]!.throttle.withdraw(attempt);
          return 'withdrawn';
        }
        verdicts++;
        await fleet[i % 3]!.throttle.failed(attempt);
        return 'failed';
      }),
    );
    expect(verdicts).toBeLessThanOrEqual(3);
    expect(outcomes.filter((o) => o === 'LOCKED_OUT').length).toBe(24 - verdicts - withdrawn);
    // And afterwards, in sequence, the same: refused (the pair is at its first delay step).
    await refusal(fleet[0]!.throttle.admit(user, GUESSER));
  });

  it('holds: a check that never ends (its process died) makes later attempts wait, never lets one in, and the wait is bounded (1 + DEFAULT_ADMISSION_WAIT.maxPolls asks)', async () => {
    const user = `${ACCOUNT}-${frozen.getTime()}`;
    const dead = process();
    // Three checks admitted by a process that then died: none ends, `checking` stays at 3.
    for (let i = 0; i < 3; i++) await dead.throttle.admit(user, GUESSER);
    expect(await checkingValues()).toContain(3);
    const next = process();
    const error = await refusal(next.throttle.admit(user, GUESSER));
    expect(error.retryAfterSeconds).toBe(1);
    expect(next.reads()).toBe(1 + DEFAULT_ADMISSION_WAIT.maxPolls); // the first ask and every poll: the clock stood still
    // A minute later (the first delay step long over) the attempt is heard, so the stuck
    // `checking` costs waits, never a lock-out of its own; it is not a way in either.
    frozen = new Date(frozen.getTime() + 60_000);
    await expect(next.throttle.admit(user, GUESSER)).resolves.toBeDefined();
  });

  it('FINDING[low] a refused login now costs up to 16 DynamoDB reads and holds its process up to 1.5 s (was 1 read, answered at once), whenever the caller has its own check running or a dead one', async () => {
    // Why it matters: the caller decides. It keeps one of its own checks running (a slow
    // hash behind a queue, or three checks started at once; on Lambda a container that timed
    // out mid-check leaves `checking` up until the pair item expires, 15 minutes after its
    // latest failure) and sends refused attempts beside it: each one now holds a Lambda
    // concurrency slot (reserved concurrency is shared by the whole API) for up to 1.5 s and
    // reads the table 16 times instead of once. The per-address WAF rate limit counts
    // requests, not these seconds. A wait only, never a way in (the test above).
    const user = `${ACCOUNT}-${frozen.getTime()}`;
    const own = process();
    const running: AdmittedAttempt[] = [];
    for (let i = 0; i < 3; i++) running.push(await own.throttle.admit(user, GUESSER));
    const flood = Array.from({ length: 10 }, () => process());
    await Promise.all(flood.map((p) => refusal(p.throttle.admit(user, GUESSER))));
    const reads = flood.reduce((sum, p) => sum + p.reads(), 0);
    expect(reads).toBeGreaterThanOrEqual(10 * (1 + DEFAULT_ADMISSION_WAIT.maxPolls)); // every ask (more reads only if DynamoDB left keys unprocessed)
    for (const attempt of running) await own.throttle.failed(attempt);
    // Once the checks ended, a refused attempt is answered at its first ask again.
    const after = process();
    await refusal(after.throttle.admit(user, GUESSER));
    expect(after.reads()).toBe(1);
  });

  it('holds: ending one check many times never takes `checking` below 0', async () => {
    const user = `${ACCOUNT}-${frozen.getTime()}`;
    const p = process();
    const a = await p.throttle.admit(user, GUESSER);
    const b = await p.throttle.admit(user, GUESSER);
    // Ended four times over (a retried handler, a duplicated event), then the other ends once.
    for (let i = 0; i < 4; i++) await p.throttle.failed(a);
    await p.throttle.failed(b);
    expect((await checkingValues()).every((n) => n >= 0)).toBe(true);
    // The counts still decide: the third free attempt, then the first delay step, answered at
    // the first ask (nothing is running, so nothing to wait for).
    const c = await p.throttle.admit(user, GUESSER);
    await p.throttle.failed(c);
    const before = p.reads();
    await refusal(p.throttle.admit(user, GUESSER));
    expect(p.reads() - before).toBe(1);
    expect((await checkingValues()).every((n) => n >= 0)).toBe(true);
  });
});
