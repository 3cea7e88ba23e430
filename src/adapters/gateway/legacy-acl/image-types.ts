/** An image type legacy's screening accepts, and how its bytes begin. */
interface ImageType {
  readonly mediaType: string;
  /** True when `bytes` start the way every file of this type starts. */
  readonly matches: (bytes: Buffer) => boolean;
}

const startsWith = (signature: number[], offset = 0) => (bytes: Buffer): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (text: string): number[] => [...Buffer.from(text, 'latin1')];

/**
 * The images `POST /patients/{id}/screen` takes: the common photo formats, TIFF (scanners)
 * and DICOM (veterinary X-ray and ultrasound). A body must start with its type's signature,
 * so the one binary route cannot carry arbitrary bytes (a smuggled HTTP request, say) under
 * an image's name.
 */
export const SCREENING_IMAGE_TYPES: readonly ImageType[] = [
  { mediaType: 'image/png', matches: startsWith([0x89, ...ascii('PNG\r\n'), 0x1a, 0x0a]) },
  { mediaType: 'image/jpeg', matches: startsWith([0xff, 0xd8, 0xff]) },
  { mediaType: 'image/gif', matches: (b) => startsWith(ascii('GIF87a'))(b) || startsWith(ascii('GIF89a'))(b) },
  { mediaType: 'image/webp', matches: (b) => startsWith(ascii('RIFF'))(b) && startsWith(ascii('WEBP'), 8)(b) },
  { mediaType: 'image/tiff', matches: (b) => startsWith([0x49, 0x49, 0x2a, 0x00])(b) || startsWith([0x4d, 0x4d, 0x00, 0x2a])(b) },
  { mediaType: 'application/dicom', matches: startsWith(ascii('DICM'), 128) },
];

export type { ImageType };
