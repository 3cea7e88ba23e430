import fc from 'fast-check';
import { login, PASSWORD, staffFixture } from '../support/staff-fixture';

const OWNER_ADDRESS = '192.0.2.200';
const OTHER_ADDRESSES = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '198.51.100.4', '198.51.100.5'];

/** One thing an attacker does: a wrong password for some name from some other address, then time passes. */
const attack = fc.record({
  name: fc.constantFrom('bob', 'BOB', 'admin', 'nobody', 'carol'),
  address: fc.constantFrom(...OTHER_ADDRESSES),
  password: fc.constantFrom('wrong password!', PASSWORD.toUpperCase(), 'another guess at it'),
  waitMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 20 * 60_000 })),
});

describe('property: the login throttle cannot be turned against the people it protects', () => {
  it('no sequence of failures from other addresses ever blocks a correct password from a clean address', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(attack, { maxLength: 150 }), async (attacks) => {
        const f = staffFixture();
        await f.register.execute({ username: 'Bob', password: PASSWORD }, f.admin);
        for (const step of attacks) {
          await f.authenticate.execute(login(step.name, step.password), { address: step.address }).catch(() => undefined);
          f.clock.advance(step.waitMs);
        }
        await expect(f.authenticate.execute(login('bob', PASSWORD), { address: OWNER_ADDRESS })).resolves.toMatchObject({ username: 'Bob' });
      }),
      { numRuns: 150 },
    );
  });

  it('an address that keeps failing on an account is heard ever less often: never more than 10 checks in 15 quiet minutes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 30, maxLength: 60 }), async (waits) => {
        const f = staffFixture();
        await f.register.execute({ username: 'Bob', password: PASSWORD }, f.admin);
        let checked = 0;
        let sinceStart = 0;
        for (const wait of waits) {
          f.hasher.verifications = 0;
          await f.authenticate.execute(login('bob', 'wrong password!'), { address: OTHER_ADDRESSES[0]! }).catch(() => undefined);
          checked += f.hasher.verifications;
          f.clock.advance(wait);
          sinceStart += wait;
          // Failures less than 15 minutes apart are never forgotten; 10 of them lock the pair for 15 minutes.
          if (sinceStart < 15 * 60_000) expect(checked).toBeLessThanOrEqual(10);
        }
      }),
      { numRuns: 100 },
    );
  });
});
