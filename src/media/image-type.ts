/** The image types Xinwen accepts, as detected from the file's first bytes. */
export type ImageType = 'jpeg' | 'png' | 'webp' | 'gif' | 'heic';

export const IMAGE_MIME: Record<ImageType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
};

const ascii = (buffer: Buffer, start: number, end: number) => buffer.toString('latin1', start, end);

// ISO-BMFF brands of HEIC/HEIF stills (iPhone photos). AVIF shares the container but has
// its own brands, and is not something reporters upload.
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/**
 * Detects the image type from magic bytes, never from a file name or a client's MIME claim.
 * Null for anything else (SVG, HTML, PDF, TIFF, AVIF, …): sharp could decode some of those,
 * so this allow-list runs before sharp sees the file.
 */
export function detectImageType(buffer: Buffer): ImageType | null {
  if (buffer.length < 12) return null;
  if (buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) return 'jpeg';
  if (buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (ascii(buffer, 0, 6) === 'GIF87a' || ascii(buffer, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(buffer, 0, 4) === 'RIFF' && ascii(buffer, 8, 12) === 'WEBP') return 'webp';
  if (ascii(buffer, 4, 8) === 'ftyp' && HEIC_BRANDS.has(ascii(buffer, 8, 12))) return 'heic';
  return null;
}

/**
 * Whether this sharp build can decode HEIC. The prebuilt libvips ships libheif with AV1 only
 * (HEVC is patent-encumbered), so this is false unless sharp uses a system libvips with HEVC.
 */
export async function heicSupported(): Promise<boolean> {
  // sharp (libvips, ~13 MB) is loaded by the first upload, not by every process that serves pages.
  const { default: sharp } = await import('sharp');
  return sharp.format.heif.input.fileSuffix?.includes('.heic') ?? false;
}

/** The sharp decoder name for each accepted type (metadata().format must agree). */
export const SHARP_FORMAT: Record<ImageType, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', gif: 'gif', heic: 'heif' };
