import { withPublicUrls } from '../../../../src/adapters/gateway/legacy-acl/public-urls';

describe('withPublicUrls: legacy records never point clients at legacy', () => {
  it('moves every url field, at any depth, onto the public base', () => {
    const records = [
      { id: 1, url: 'http://10.0.0.7:3000/patients/1.json', notes: [{ id: 9, url: 'https://legacy.internal/notes/9.json?x=1' }] },
    ];
    expect(withPublicUrls(records, 'https://api.example', '')).toEqual([
      { id: 1, url: 'https://api.example/patients/1.json', notes: [{ id: 9, url: 'https://api.example/notes/9.json?x=1' }] },
    ]);
  });

  it('drops legacy path prefix and leaves other fields and non-URLs alone', () => {
    const note = { body: 'see http://10.0.0.7/legacy/x', url: 'http://10.0.0.7/legacy/notes/2.json', other: 'mailto:a@b' };
    expect(withPublicUrls(note, 'https://api.example', '/legacy')).toEqual({ ...note, url: 'https://api.example/notes/2.json' });
    expect(withPublicUrls({ url: 'not a url' }, 'https://api.example', '')).toEqual({ url: 'not a url' });
    expect(withPublicUrls({ url: 'javascript:alert(1)' }, 'https://api.example', '')).toEqual({ url: 'javascript:alert(1)' });
  });

  it('also moves protocol-relative and scheme-less links, and every link field (href, self, link, …_url, …_href)', () => {
    const record = {
      url: '//legacy.internal:4000/patients/1.json',
      image_url: 'http://legacy.internal:4000/images/1.png',
      thumbnail_href: 'legacy.internal:4000/images/1-small.png',
      links: { self: 'legacy.internal/patients/1', href: 'HTTP://LEGACY.INTERNAL/patients/1', link: ' http://10.0.0.7/x ' },
    };
    expect(withPublicUrls(record, 'https://api.example', '')).toEqual({
      url: 'https://api.example/patients/1.json',
      image_url: 'https://api.example/images/1.png',
      thumbnail_href: 'https://api.example/images/1-small.png',
      links: { self: 'https://api.example/patients/1', href: 'https://api.example/patients/1', link: 'https://api.example/x' },
    });
  });

  it('leaves relative paths and text in link fields as they are', () => {
    const record = { url: '/patients/1.json', href: 'patients/1', self: 'see the chart', photo_url: '' };
    expect(withPublicUrls(record, 'https://api.example', '')).toEqual(record);
  });

  it('keeps __proto__ keys as data', () => {
    const value = JSON.parse('{"__proto__":{"url":"http://x/y"}}') as unknown;
    const out = withPublicUrls(value, 'https://api.example', '') as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ url: 'https://api.example/y' });
  });
});
