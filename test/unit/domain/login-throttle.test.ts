import { countFailure, DEFAULT_LOGIN_THROTTLE, LoginCounts, loginWaitMs } from '../../../src/domain/login-throttle';

const T = 1_700_000_000_000;
const none: LoginCounts = { accountAddress: null, address: null, account: null };
const count = (failures: number, at = T) => ({ failures, lastFailureAt: at });

describe('the login throttle', () => {
  it('lets the first three failures of a pair go free, then doubles the wait up to a minute, then locks for 15 minutes', () => {
    const wait = (failures: number) => loginWaitMs({ ...none, accountAddress: count(failures) }, T);
    expect([0, 1, 2].map(wait)).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6, 7, 8, 9].map(wait)).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000]);
    expect(wait(10)).toBe(15 * 60_000);
    expect(wait(500)).toBe(15 * 60_000);
  });

  it('slows an address that sprays many accounts only after 30 failures, and locks it after 100', () => {
    const wait = (failures: number) => loginWaitMs({ ...none, address: count(failures) }, T);
    expect(wait(29)).toBe(0);
    expect(wait(30)).toBe(1000);
    expect(wait(99)).toBe(5 * 60_000);
    expect(wait(100)).toBe(15 * 60_000);
  });

  it('locks addresses that have failed on an account under attack, and only those', () => {
    const underAttack = count(DEFAULT_LOGIN_THROTTLE.accountUnderAttackAfter);
    expect(loginWaitMs({ accountAddress: count(1), address: count(1), account: underAttack }, T)).toBe(15 * 60_000);
    expect(loginWaitMs({ accountAddress: null, address: null, account: underAttack }, T)).toBe(0);
    expect(loginWaitMs({ accountAddress: count(1), address: count(1), account: count(49) }, T)).toBe(0);
  });

  it('counts the wait from the latest failure and forgets a count 15 minutes after it', () => {
    expect(loginWaitMs({ ...none, accountAddress: count(10, T - 60_000) }, T)).toBe(14 * 60_000);
    expect(loginWaitMs({ ...none, accountAddress: count(10, T - 15 * 60_000 - 1) }, T)).toBe(0);
    expect(loginWaitMs({ ...none, accountAddress: count(3, T - 5000) }, T)).toBe(0);
  });

  it('counts up, and restarts at 1 once a count is forgotten', () => {
    expect(countFailure(null, T, 1000)).toEqual(count(1));
    expect(countFailure(count(4, T - 1000), T, 1000)).toEqual(count(5));
    expect(countFailure(count(4, T - 1001), T, 1000)).toEqual(count(1));
    expect(countFailure(count(4, T + 5), T, 1000)).toEqual(count(5, T + 5));
  });
});
