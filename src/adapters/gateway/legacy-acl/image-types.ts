/** An image type legacy's screening accepts, and how its bytes begin. */
interface ImageType {
  readonly mediaType: string;
  /** True when `bytes` start the way every file of this type starts. */
  readonly matches: (bytes: Buffer) => boolean;
  /**
   * The bytes hosp sends on: a copy in which the parts of the format that carry no image and
   * that a sender may fill freely are blanked. Omitted when the format has no such part.
   */
  readonly canonical?: (bytes: Buffer) => Buffer;
}

const startsWith = (signature: number[], offset = 0) => (bytes: Buffer): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (text: string): number[] => [...Buffer.from(text, 'latin1')];

/** DICOM part 10: a 128-byte preamble, free for "application profiles", then "DICM". */
const DICOM_PREAMBLE_BYTES = 128;

/**
 * The images `POST /patients/{id}/screen` takes: the common photo formats, TIFF (scanners)
 * and DICOM (veterinary X-ray and ultrasound). A body must start with its type's signature.
 * A signature alone does not stop the bytes from also being an HTTP request (GIF and WebP
 * signatures are valid request-line tokens, a DICOM preamble is free text), so `imageBody`
 * also refuses a first line that names an HTTP version, and DICOM's preamble is zeroed, as
 * the standard allows when no application profile uses it (dual TIFF/DICOM files lose their
 * TIFF face; legacy reads only the DICOM one).
 */
export const SCREENING_IMAGE_TYPES: readonly ImageType[] = [
  { mediaType: 'image/png', matches: startsWith([0x89, ...ascii('PNG\r\n'), 0x1a, 0x0a]) },
  { mediaType: 'image/jpeg', matches: startsWith([0xff, 0xd8, 0xff]) },
  { mediaType: 'image/gif', matches: (b) => startsWith(ascii('GIF87a'))(b) || startsWith(ascii('GIF89a'))(b) },
  { mediaType: 'image/webp', matches: (b) => startsWith(ascii('RIFF'))(b) && startsWith(ascii('WEBP'), 8)(b) },
  { mediaType: 'image/tiff', matches: (b) => startsWith([0x49, 0x49, 0x2a, 0x00])(b) || startsWith([0x4d, 0x4d, 0x00, 0x2a])(b) },
  {
    mediaType: 'application/dicom',
    matches: startsWith(ascii('DICM'), DICOM_PREAMBLE_BYTES),
    canonical: (bytes) => {
      const copy = Buffer.from(bytes);
      copy.fill(0, 0, DICOM_PREAMBLE_BYTES);
      return copy;
    },
  },
];

export type { ImageType };
