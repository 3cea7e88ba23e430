import { expectAnswer, legacyList, legacyObject, ServiceAccountRejected } from '../../../src/adapters/legacy/legacy-answer';
import { LegacyResponse } from '../../../src/adapters/legacy/legacy-exchange';
import { LegacyRejection, railsValidationDetails } from '../../../src/adapters/legacy/legacy-rejection';
import { DomainError } from '../../../src/domain/errors';

const answer = (status: number, body = ''): LegacyResponse => ({ status, headers: {}, body: Buffer.from(body), attempts: 1 });

describe("reading legacy's answers, once for every resource", () => {
  it('passes expected statuses, makes 404 a null and 401/407 a service-account problem', () => {
    expect(expectAnswer(answer(201), 201, 200)?.status).toBe(201);
    expect(expectAnswer(answer(404), 200)).toBeNull();
    expect(() => expectAnswer(answer(401), 200)).toThrow(ServiceAccountRejected);
    expect(() => expectAnswer(answer(407), 200)).toThrow(ServiceAccountRejected);
  });

  it("keeps legacy's status for refusals, with field messages only from a Rails 422", () => {
    const rejected = (() => {
      try {
        expectAnswer(answer(422, '{"title":["can\'t be blank"],"patient":["must exist"]}'), 201);
      } catch (error) {
        return error as LegacyRejection;
      }
    })();
    expect(rejected).toBeInstanceOf(LegacyRejection);
    expect(rejected).toMatchObject({ status: 422, details: { title: ["can't be blank"], patient: ['must exist'] } });
    for (const status of [400, 403, 405, 409, 501, 505]) {
      try {
        expectAnswer(answer(status, '{"title":["x"]}'), 200);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toMatchObject({ status, details: undefined });
      }
    }
  });

  it('treats answers outside the contract as legacy being unusable', () => {
    for (const status of [100, 200, 302, 304]) {
      expect(() => expectAnswer(answer(status), 201)).toThrow(DomainError);
    }
    expect(() => legacyObject(answer(200, '<html>'))).toThrow(DomainError);
    expect(() => legacyObject(answer(200, '[]'))).toThrow(DomainError);
    expect(() => legacyList(answer(200, '{}'))).toThrow(DomainError);
    expect(() => legacyList(answer(200, '[1]'))).toThrow(DomainError);
    expect(legacyList(answer(200, '[{"id":1}]'))).toEqual([{ id: 1 }]);
  });
});

describe('railsValidationDetails: only field messages, never a page that could quote another request', () => {
  it('keeps {field: [text]} and the {errors: {...}} form', () => {
    expect(railsValidationDetails(Buffer.from('{"name":["can\'t be blank"]}'))).toEqual({ name: ["can't be blank"] });
    expect(railsValidationDetails(Buffer.from('{"errors":{"body":"is too long"}}'))).toEqual({ body: ['is too long'] });
  });

  it('drops HTML, markup in messages, odd field names, and huge or non-string messages', () => {
    expect(railsValidationDetails(Buffer.from("<html>Bad request syntax ('{\"title\":\"secret\"}')</html>"))).toBeUndefined();
    expect(railsValidationDetails(Buffer.from('{"name":["<script>x</script>"]}'))).toBeUndefined();
    expect(railsValidationDetails(Buffer.from('{"a b":["x"],"c":[1,{"d":2}],"e":["' + 'y'.repeat(500) + '"]}'))).toBeUndefined();
    expect(railsValidationDetails(Buffer.from('["x"]'))).toBeUndefined();
  });
});
