import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** A photo as a phone would send it: EXIF with GPS coordinates, an XMP packet, rotated by EXIF. */
export async function jpegWithGps(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3a7bd5' } })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Reporter Phone', Artist: '记者张明' },
      // IFD3 is the GPS directory: 39°54'20"N 116°23'30"E.
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 2000/100', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 3000/100' },
    })
    .withMetadata({ orientation: 6 })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="39,54.33N" exif:GPSLongitude="116,23.5E"/>' +
        '</rdf:RDF></x:xmpmeta>',
    )
    .jpeg({ quality: 70 })
    .toBuffer();
}

/** The tags of an EXIF block's first directory (IFD0), as numbers; 0x8825 points to GPS data. */
export function exifIfd0Tags(exif: Buffer): number[] {
  const tiff = exif.subarray(exif.toString('latin1', 0, 4) === 'Exif' ? 6 : 0);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = u32(4);
  return Array.from({ length: u16(ifd0) }, (_, i) => u16(ifd0 + 2 + i * 12));
}

/** The EXIF tag that holds the offset of the GPS directory. */
export const GPS_IFD_POINTER = 0x8825;

/** A small image of `format` (alpha for PNG and WebP, so the JPEG fallback must flatten). */
export async function smallImage(format: 'png' | 'webp' | 'gif', width: number, height: number): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 0.5 } } });
  return format === 'png' ? image.png().toBuffer() : format === 'webp' ? image.webp().toBuffer() : image.gif().toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A decompression bomb: a valid PNG header declaring `size`×`size` RGB pixels (30000² is
 * 2.7 GB decoded) followed by a few KB of zeros that deflate to the first rows.
 */
export function pngBomb(size = 30_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  const rows = deflateSync(Buffer.alloc((size * 3 + 1) * 64), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', rows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
