import { isJsonObject } from '../../../src/domain/json-object';

describe('isJsonObject', () => {
  it.each([[{}], [{ a: 1 }], [Object.create(null)], [JSON.parse('{"__proto__": 1}')]])('accepts %p', (value) => {
    expect(isJsonObject(value)).toBe(true);
  });

  it.each([[null], [undefined], [[]], [[{}]], ['{}'], [1], [true]])('refuses %p', (value) => {
    expect(isJsonObject(value)).toBe(false);
  });
});
