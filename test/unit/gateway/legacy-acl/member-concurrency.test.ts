import { MemberConcurrencyLimit } from '../../../../src/adapters/gateway/legacy-acl/member-concurrency';
import { HttpError } from '../../../../src/adapters/http/http-error';

describe('MemberConcurrencyLimit: one member cannot take every slot', () => {
  it('refuses a member beyond the limit at once, with Retry-After, while others go ahead', () => {
    const limit = new MemberConcurrencyLimit(2);
    const releases = [limit.acquire(1), limit.acquire(1)];
    expect(() => limit.acquire(1)).toThrow(HttpError);
    try {
      limit.acquire(1);
    } catch (error) {
      expect((error as HttpError).code).toBe('TOO_MANY_REQUESTS');
      expect((error as HttpError).headers['retry-after']).toBe('1');
    }
    const other = limit.acquire(2);
    releases[0]!();
    expect(limit.count(1)).toBe(1);
    limit.acquire(1)();
    other();
    releases[1]!();
    expect(limit.count(1)).toBe(0);
    expect(limit.count(2)).toBe(0);
  });

  it('counts a release once however often it is called', () => {
    const limit = new MemberConcurrencyLimit(1);
    const release = limit.acquire(7);
    release();
    release();
    const again = limit.acquire(7);
    expect(() => limit.acquire(7)).toThrow(HttpError);
    again();
  });

  it('needs a positive limit', () => {
    expect(() => new MemberConcurrencyLimit(0)).toThrow(RangeError);
  });
});
