import { decodeStrictUtf8 } from '../../../../src/adapters/shared/strict-utf8';

describe('decodeStrictUtf8', () => {
  it('decodes valid UTF-8', () => {
    expect(decodeStrictUtf8(Buffer.from('Zoë 🐾', 'utf8'))).toBe('Zoë 🐾');
    expect(decodeStrictUtf8(Buffer.alloc(0))).toBe('');
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['latin-1', [0x5a, 0x6f, 0xeb]],
  ])('refuses %s', (_what, bytes) => {
    expect(decodeStrictUtf8(Buffer.from(bytes))).toBeNull();
  });

  it('keeps a leading byte order mark unless told to strip it', () => {
    const bytes = Buffer.from('\ufeff{}', 'utf8');
    expect(decodeStrictUtf8(bytes)).toBe('\ufeff{}');
    expect(decodeStrictUtf8(bytes, { stripBom: true })).toBe('{}');
  });
});
