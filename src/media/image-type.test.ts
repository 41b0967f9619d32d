import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Db } from '../platform/db/database.js';
import type { FileStore } from '../platform/files/file-store.js';
import { detectImageType, heicSupported } from './image-type.js';
import { storeImage, UnsupportedImageTypeError } from './media.service.js';
import { smallImage } from './test-images.testing.js';

/** An ISO-BMFF `ftyp` box with `brand`, as HEIC and AVIF files begin. */
const ftyp = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(`ftyp${brand}\0\0\0\0mif1heic`, 'latin1')]);

describe('detectImageType', () => {
  it('knows the accepted types by their bytes', async () => {
    assert.equal(detectImageType(await smallImage('png', 8, 8)), 'png');
    assert.equal(detectImageType(await smallImage('webp', 8, 8)), 'webp');
    assert.equal(detectImageType(await smallImage('gif', 8, 8)), 'gif');
    assert.equal(detectImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1])), 'jpeg');
    assert.equal(detectImageType(ftyp('heic')), 'heic');
  });

  it('knows nothing else, whatever it claims', () => {
    for (const text of ['<svg xmlns="http://www.w3.org/2000/svg"/>', '<!doctype html><html>', '%PDF-1.7\n%âãÏÓ', 'GIF8', 'II*\0\x08\0\0\0 tiff file']) {
      assert.equal(detectImageType(Buffer.from(text, 'latin1')), null, text);
    }
    assert.equal(detectImageType(ftyp('avif')), null);
  });
});

describe('HEIC uploads', () => {
  it('are refused with a Chinese message when this sharp build cannot decode HEVC', async (t) => {
    if (await heicSupported()) return t.skip('this libvips decodes HEIC');
    // The type check comes before any database or file access.
    const unused = {} as Db & FileStore;
    await assert.rejects(
      storeImage(unused, unused, { buffer: ftyp('heic'), alt: '手机照片', uploadedBy: null }),
      (err: unknown) => err instanceof UnsupportedImageTypeError && err.publicMessage.includes('HEIC') && err.status === 400,
    );
  });
});
