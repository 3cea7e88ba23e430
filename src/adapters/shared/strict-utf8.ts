const keepingBom = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const strippingBom = new TextDecoder('utf-8', { fatal: true });

/**
 * The text `bytes` encode in UTF-8, or null when they are not valid UTF-8 (Node's own decoding
 * would replace bad sequences with U+FFFD instead). A leading byte order mark is kept, as
 * U+FEFF, unless `stripBom` is set.
 */
export function decodeStrictUtf8(bytes: Uint8Array, { stripBom = false }: { stripBom?: boolean } = {}): string | null {
  try {
    return (stripBom ? strippingBom : keepingBom).decode(bytes);
  } catch {
    return null;
  }
}
