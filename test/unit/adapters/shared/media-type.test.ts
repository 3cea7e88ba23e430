import { isJsonMediaType, isUtf8Charset, parseMediaType } from '../../../../src/adapters/shared/media-type';

describe('parseMediaType', () => {
  it.each([
    [undefined, { type: '', charset: undefined }],
    ['application/json', { type: 'application/json', charset: undefined }],
    ['Application/JSON; Charset="UTF-8"', { type: 'application/json', charset: 'utf-8' }],
    [' text/plain ; foo=bar;charset=utf8', { type: 'text/plain', charset: 'utf8' }],
  ])('%p → %p', (header, expected) => {
    expect(parseMediaType(header)).toEqual(expected);
  });
});

describe('which media types are JSON', () => {
  it.each(['application/json', 'APPLICATION/JSON', 'application/problem+json', 'application/vnd.api+json', 'application/merge-patch+json'])(
    '%s is JSON',
    (type) => {
      expect(isJsonMediaType(type)).toBe(true);
    },
  );

  it.each([
    '',
    'json',
    'text/json',
    'application/jsonp',
    'application/json-seq',
    'application/json5',
    'application/x-json ',
    'application/+json',
    'application/json; charset=utf-8', // parameters are parseMediaType's to remove
    'application/vnd.api+json+xml',
    'application/xml',
    'multipart/form-data',
  ])('%p is not JSON', (type) => {
    expect(isJsonMediaType(type)).toBe(false);
  });

  it('JSON with parameters is JSON once parsed', () => {
    expect(isJsonMediaType(parseMediaType('Application/Problem+JSON; charset=utf-8').type)).toBe(true);
  });
});

describe('isUtf8Charset', () => {
  it.each([[undefined, true], ['utf-8', true], ['utf8', true], ['latin1', false], ['utf-16', false], ['', false]])('%p → %p', (charset, expected) => {
    expect(isUtf8Charset(charset)).toBe(expected);
  });
});
