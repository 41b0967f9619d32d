import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { saveArticle } from '../articles/article.service.js';
import type { BodyBlock } from '../articles/model.js';
import { adminClient, addTestStaff, errorCode, errorMessage, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { articleInput, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import type { Media } from './model.js';
import { exifIfd0Tags, GPS_IFD_POINTER, jpegWithGps, pngBomb, smallImage } from './test-images.testing.js';

interface UploadFields {
  file?: { data: Buffer; name: string; type: string };
  alt?: string;
  caption?: string;
  credit?: string;
}

for (const dialect of TEST_DIALECTS) {
  describe(`media uploads (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let reporter: TestSession;

    const upload = async (fields: UploadFields, session: TestSession | null = reporter) => {
      const form = new FormData();
      if (fields.alt !== undefined) form.append('alt', fields.alt);
      if (fields.caption !== undefined) form.append('caption', fields.caption);
      if (fields.credit !== undefined) form.append('credit', fields.credit);
      if (fields.file) form.append('file', new Blob([new Uint8Array(fields.file.data)], { type: fields.file.type }), fields.file.name);
      const headers: Record<string, string> = session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {};
      const response = await fetch(`${server.url}/api/admin/media`, { method: 'POST', headers, body: form });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };

    const storedFiles = () => {
      const dir = join(server.dataDir, 'media');
      return existsSync(dir) ? readdirSync(dir) : [];
    };
    const mediaCount = async () => Number((await server.database.db.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    /** Fetches every variant through the public route and checks its headers and that it carries no metadata. */
    const assertCleanVariants = async (media: Media) => {
      assert.ok(media.variants.length > 0);
      for (const variant of media.variants) {
        const response = await fetch(`${server.url}/media/${variant.key}`);
        assert.equal(response.status, 200, variant.key);
        assert.equal(response.headers.get('content-type'), `image/${variant.format}`);
        assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        const body = Buffer.from(await response.arrayBuffer());
        assert.equal(body.length, variant.bytes);
        const meta = await sharp(body).metadata();
        assert.equal(meta.format, variant.format);
        assert.equal(meta.width, variant.width);
        assert.equal(meta.exif, undefined, `${variant.key} has EXIF`);
        assert.equal(meta.xmp, undefined, `${variant.key} has XMP`);
        assert.equal(meta.iptc, undefined, `${variant.key} has IPTC`);
        assert.equal(body.includes('Exif\0\0'), false, `${variant.key} has an EXIF header`);
        assert.equal(body.includes('xmpmeta'), false, `${variant.key} has an XMP packet`);
      }
    };

    before(async () => {
      server = await startTestServer(dialect);
      await setUpNewsroom(server.database.db);
      await addTestStaff(server.database.db, { email: 'reporter@media.test', name: '摄影记者', role: 'reporter' });
      await addTestStaff(server.database.db, { email: 'moderator@media.test', name: '评论管理员', role: 'moderator' });
      api = adminClient(server.url);
      reporter = await api.session('reporter@media.test');
    });
    after(async () => {
      await server.close();
    });

    it('strips EXIF, GPS and XMP from every variant, applies the EXIF rotation and never upscales', async () => {
      const photo = await jpegWithGps(1000, 640);
      const original = await sharp(photo).metadata();
      assert.ok(original.exif && exifIfd0Tags(original.exif).includes(GPS_IFD_POINTER), 'the fixture must carry GPS');
      assert.ok(original.xmp, 'the fixture must carry XMP');
      assert.equal(original.orientation, 6);

      const { status, json } = await upload({
        file: { data: photo, name: 'IMG_0001.JPG', type: 'image/jpeg' },
        alt: '救援人员在河堤上加固沙袋',
        caption: '7月12日，救援人员在河堤上加固沙袋。',
        credit: '本网记者 张明 摄',
      });
      assert.equal(status, 201, JSON.stringify(json));
      const media = json as unknown as Media;
      assert.equal(media.originalMime, 'image/jpeg');
      // Orientation 6 turns the 1000×640 sensor image upright: 640×1000.
      assert.deepEqual([media.width, media.height], [640, 1000]);
      assert.deepEqual(
        media.variants.map((v) => `${v.format}:${v.width}x${v.height}`),
        ['webp:480x750', 'jpeg:480x750', 'webp:640x1000', 'jpeg:640x1000'],
      );
      assert.equal(media.alt, '救援人员在河堤上加固沙袋');
      assert.equal(media.credit, '本网记者 张明 摄');
      await assertCleanVariants(media);
      // Only variants are stored: no original (with its GPS) on disk.
      assert.deepEqual(storedFiles().sort(), media.variants.map((v) => v.key).sort());

      const read = await api.call('GET', `/media/${media.id}`, { session: reporter });
      assert.equal(read.status, 200);
      assert.deepEqual(read.json.variants, media.variants);
    });

    for (const format of ['png', 'webp', 'gif'] as const) {
      it(`accepts ${format.toUpperCase()} whatever the file is called, and stores it clean`, async () => {
        const data = await smallImage(format, 320, 200);
        const { status, json } = await upload({ file: { data, name: 'upload.bin', type: 'application/octet-stream' }, alt: `${format} 图片` });
        assert.equal(status, 201, JSON.stringify(json));
        const media = json as unknown as Media;
        assert.equal(media.originalMime, `image/${format}`);
        assert.deepEqual(
          media.variants.map((v) => `${v.format}:${v.width}`),
          ['webp:320', 'jpeg:320'],
        );
        await assertCleanVariants(media);
      });
    }

    it('rejects hostile files with a clear message and stores nothing', async () => {
      const jpeg = await jpegWithGps(200, 150);
      const cases: { name: string; file: UploadFields['file']; status: number; code: string }[] = [
        {
          name: 'HTML named .jpg',
          file: { data: Buffer.from('<!doctype html><script>alert(1)</script>'), name: 'photo.jpg', type: 'image/jpeg' },
          status: 400,
          code: 'unsupported_image_type',
        },
        {
          name: 'SVG',
          file: { data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'), name: 'logo.svg', type: 'image/svg+xml' },
          status: 400,
          code: 'unsupported_image_type',
        },
        { name: 'truncated JPEG', file: { data: jpeg.subarray(0, Math.floor(jpeg.length / 2)), name: 'cut.jpg', type: 'image/jpeg' }, status: 400, code: 'corrupt_image' },
        { name: '30000×30000 PNG bomb', file: { data: pngBomb(30_000), name: 'bomb.png', type: 'image/png' }, status: 400, code: 'image_too_many_pixels' },
        {
          name: 'file over 20 MB',
          file: { data: Buffer.concat([jpeg, Buffer.alloc(21 * 1024 * 1024)]), name: 'huge.jpg', type: 'image/jpeg' },
          status: 413,
          code: 'file_too_large',
        },
      ];
      const filesBefore = storedFiles().length;
      const rowsBefore = await mediaCount();
      for (const c of cases) {
        const { status, json } = await upload({ file: c.file, alt: '说明' });
        assert.equal(status, c.status, `${c.name}: ${JSON.stringify(json)}`);
        assert.equal(errorCode(json), c.code, c.name);
        assert.match(errorMessage(json) ?? '', /[\u4e00-\u9fff]/, `${c.name} has a Chinese message`);
      }
      assert.equal(storedFiles().length, filesBefore);
      assert.equal(await mediaCount(), rowsBefore);
    });

    it('requires alt text, a file, and a signed-in reporter or above', async () => {
      const data = await smallImage('png', 40, 30);
      const file = { data, name: 'a.png', type: 'image/png' };
      const noAlt = await upload({ file });
      assert.equal(noAlt.status, 400);
      assert.equal(errorMessage(noAlt.json), '请填写图片说明（替代文字）');
      const blankAlt = await upload({ file, alt: '   ' });
      assert.equal(errorMessage(blankAlt.json), '请填写图片说明（替代文字）');
      const noFile = await upload({ alt: '说明' });
      assert.equal(noFile.status, 400);
      const json = await api.call('POST', '/media', { session: reporter, body: { alt: '说明' } });
      assert.equal(json.status, 400);

      assert.equal((await upload({ file, alt: '说明' }, null)).status, 401);
      const moderator = await api.session('moderator@media.test');
      const forbidden = await upload({ file, alt: '说明' }, moderator);
      assert.equal(forbidden.status, 403);
      assert.equal(errorCode(forbidden.json), 'forbidden');
      // Without the CSRF token a cookie upload is refused too.
      const form = new FormData();
      form.append('alt', '说明');
      form.append('file', new Blob([new Uint8Array(data)], { type: 'image/png' }), 'a.png');
      const noCsrf = await fetch(`${server.url}/api/admin/media`, { method: 'POST', headers: { cookie: reporter.cookie }, body: form });
      assert.equal(noCsrf.status, 403);
    });

    it('changes alt, caption and credit but never empties alt', async () => {
      const created = await upload({ file: { data: await smallImage('png', 40, 30), name: 'a.png', type: 'image/png' }, alt: '旧说明', caption: '旧图注' });
      const id = (created.json as unknown as Media).id;
      const changed = await api.call('PATCH', `/media/${id}`, { session: reporter, body: { alt: '新说明', credit: '新华社' } });
      assert.equal(changed.status, 200);
      assert.deepEqual([changed.json.alt, changed.json.caption, changed.json.credit], ['新说明', '旧图注', '新华社']);
      const emptied = await api.call('PATCH', `/media/${id}`, { session: reporter, body: { alt: '' } });
      assert.equal(emptied.status, 400);
      assert.equal(errorMessage(emptied.json), '请填写图片说明（替代文字）');
      assert.equal((await api.call('PATCH', '/media/999999', { session: reporter, body: { caption: 'x' } })).status, 404);
      assert.equal((await api.call('GET', '/media/999999', { session: reporter })).status, 404);
    });

    it('serves only stored variant keys', async () => {
      for (const key of ['..%2F..%2Fxinwen.db', 'nope.jpg', '0123456789abcdef01234567-480.svg', '0123456789abcdef01234567-480.webp']) {
        const response = await fetch(`${server.url}/media/${key}`);
        assert.equal(response.status, 404, key);
      }
    });

    it('shows an image block on the public page as <picture> with srcset, caption and credit', async () => {
      const { json } = await upload({ file: { data: await jpegWithGps(1000, 1500), name: 'p.jpg', type: 'image/jpeg' }, alt: '上传时的说明' });
      const media = json as unknown as Media;
      const body: BodyBlock[] = [
        { type: 'paragraph', text: '第一段正文。' },
        { type: 'image', mediaId: media.id, alt: '河堤上的救援人员', caption: '救援人员加固河堤。', credit: '本网记者 张明 摄' },
      ];
      const { id, path } = await saveArticle(server.database.db, articleInput({ body }));
      // Saving refuses a missing upload, so a dangling block can only be older data: write it directly.
      const dangling: BodyBlock = { type: 'image', mediaId: 999_999, alt: '已删除的图片', caption: null, credit: null };
      await server.database.db.updateTable('articles').set({ body: JSON.stringify([...body, dangling]) }).where('id', '=', id).execute();
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 200);
      const html = await response.text();
      const figure = /<figure class="article-image">[\s\S]*?<\/figure>/.exec(html)?.[0] ?? '';
      assert.ok(figure, 'the page has an image figure');
      const byWidth = (format: string, width: number) => media.variants.find((v) => v.format === format && v.width === width)?.key;
      assert.match(figure, new RegExp(`<source type="image/webp" srcset="/media/${byWidth('webp', 480)} 480w, /media/${byWidth('webp', 960)} 960w, /media/${byWidth('webp', 1500)} 1500w"`));
      assert.match(figure, /sizes="\(min-width: 760px\) 700px, 100vw"/);
      assert.match(figure, new RegExp(`<img src="/media/${byWidth('jpeg', 960)}" srcset="/media/${byWidth('jpeg', 480)} 480w, [^"]+ 960w, [^"]+ 1500w"`));
      // The sensor image was 1000×1500 turned by EXIF orientation 6: the 960 variant is 960×640.
      assert.match(figure, /width="960" height="640" alt="河堤上的救援人员" loading="lazy" decoding="async"/);
      assert.match(figure, /<figcaption>救援人员加固河堤。 <span class="credit">本网记者 张明 摄<\/span><\/figcaption>/);
      assert.equal(html.includes('已删除的图片'), false, 'an image whose upload is gone is left out');
      assert.equal((html.match(/<figure class="article-image">/g) ?? []).length, 1);
    });
  });
}
