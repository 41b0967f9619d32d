import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { saveArticle } from '../articles/article.service.js';
import type { ArticleInput } from '../articles/model.js';
import { publishBus } from '../articles/publish-events.js';
import { adminClient, addTestStaff } from '../newsroom/auth/admin-api.testing.js';
import type { FileStore } from '../platform/files/file-store.js';
import { createLocalFileStore } from '../platform/files/local/local-file-store.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { articleInput, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { countingEngine, probeSeconds } from './audio.testing.js';
import { getAudioRow } from './audio.store.js';
import { createEspeakEngine } from './espeak/espeak-engine.js';
import { articleSpeechScript } from './speech-script.js';
import { XINWEN_BIN } from '../testing/processes.js';


const PARAGRAPHS = [
  '市政府今天宣布，新的地铁线路将在明年年底前开通，沿线设立十二个车站。',
  '交通部门表示，新线路开通后，从城东到城西的通勤时间将缩短一半左右。',
  '不少市民对此表示欢迎，也有人担心施工期间道路拥堵会持续一段时间。',
];

function input(key: string, paragraphs: string[], overrides: Partial<ArticleInput> = {}): ArticleInput {
  return articleInput({
    sourceKey: key,
    title: '地铁新线明年开通',
    summary: '新线路设十二个车站。',
    body: paragraphs.map((text) => ({ type: 'paragraph' as const, text })),
    ...overrides,
  });
}

// Real espeak-ng and ffmpeg (CI installs them), in a real server whose worker renders what the
// publish pipeline queues; the engine is wrapped only to count its calls.
for (const dialect of TEST_DIALECTS) {
  describe(`listen: server-rendered audio (${dialect})`, () => {
    let server: TestServer;
    let files: FileStore;
    const engine = countingEngine(createEspeakEngine());
    const ids: Record<'one' | 'three', number> = { one: 0, three: 0 };
    const api = () => adminClient(server.url);

    /** Waits until the worker has rendered `id` from its current text (polling; no timing is asserted). */
    const settled = async (id: number, wanted: (row: Awaited<ReturnType<typeof getAudioRow>>) => boolean = (row) => row?.status === 'ready') => {
      for (let i = 0; i < 600; i++) {
        const row = await getAudioRow(server.database.db, id);
        if (wanted(row)) return row;
        if (row?.status === 'failed' || row?.status === 'unavailable') assert.fail(`audio ${row.status}: ${row.error}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.fail(`audio of ${id} never settled`);
    };

    const save = async (article: ArticleInput) => {
      const { id } = await saveArticle(server.database.db, article);
      await publishBus(server.database.db).idle();
      return id;
    };

    before(async () => {
      server = await startTestServer(dialect, { audioRender: true, adapters: { speechEngine: engine } });
      files = createLocalFileStore({ root: join(server.dataDir, 'media') });
      await setUpNewsroom(server.database.db);
      await addTestStaff(server.database.db, { email: 'reporter@audio.test', name: '记者甲', role: 'reporter' });
      await addTestStaff(server.database.db, { email: 'editor@audio.test', name: '编辑乙', role: 'editor' });
      ids.one = await save(input('audio-one', PARAGRAPHS.slice(0, 1)));
      ids.three = await save(input('audio-three', PARAGRAPHS));
      await settled(ids.one);
      await settled(ids.three);
    });
    after(async () => {
      await server?.close();
    });

    it('renders each published article to an MP3 that decodes, its length in proportion to the text', async () => {
      const one = await getAudioRow(server.database.db, ids.one);
      const three = await getAudioRow(server.database.db, ids.three);
      assert.ok(one?.file_key && three?.file_key);
      assert.match(one.file_key, new RegExp(`^audio/${ids.one}-[0-9a-f]{16}\\.mp3$`));
      const a = await files.get(one.file_key);
      const b = await files.get(three.file_key);
      assert.ok(a && b);
      assert.equal(a.length, one.bytes);
      const secondsOne = probeSeconds(a);
      const secondsThree = probeSeconds(b);
      assert.ok(Math.abs(secondsOne - (one.duration_ms ?? 0) / 1000) < 0.3, `ffprobe ${secondsOne} vs stored ${one.duration_ms}`);
      // The title and dateline are read in both; three paragraphs instead of one roughly doubles it.
      const ratio = secondsThree / secondsOne;
      assert.ok(ratio > 1.4 && ratio < 4, `duration ratio ${ratio} (${secondsOne}s, ${secondsThree}s)`);
      assert.match(three.engine ?? '', /^espeak-ng .*cmn-latn-pinyin$/);
    });

    it('has one monotonic timing per utterance of the speech script, ending with the audio', async () => {
      const script = await articleSpeechScript(server.database.db, ids.three);
      const row = await getAudioRow(server.database.db, ids.three);
      assert.ok(script && row?.timings && row.duration_ms);
      const timings = JSON.parse(row.timings) as [number, number][];
      assert.equal(timings.length, script.utterances.length);
      let last = 0;
      for (const [start, end] of timings) {
        assert.ok(start >= last && end > start, `timing ${start}-${end} after ${last}`);
        last = end;
      }
      // Only the pause after the last sentence follows its end.
      assert.ok(row.duration_ms - last >= 0 && row.duration_ms - last < 600, `last end ${last}, duration ${row.duration_ms}`);
    });

    it('never renders an unchanged article twice', async () => {
      const before = await getAudioRow(server.database.db, ids.one);
      const calls = engine.calls;
      // Saved again as it was (an import re-run): article.changed, same script.
      await save(input('audio-one', PARAGRAPHS.slice(0, 1)));
      const row = await getAudioRow(server.database.db, ids.one);
      assert.equal(row?.status, 'ready');
      assert.equal(row.rendered_at, before?.rendered_at);
      assert.equal(row.file_key, before?.file_key);
      assert.equal(engine.calls, calls);
    });

    it('serves the file with HTTP Range: 200, 206 for bytes=0-99, suffix and open ranges, 416, HEAD, 304', async () => {
      const { audio } = (await (await fetch(`${server.url}/api/articles/${ids.one}/listen`)).json()) as { audio: { url: string } };
      const url = `${server.url}${audio.url}`;
      const whole = await fetch(url);
      assert.equal(whole.status, 200);
      assert.equal(whole.headers.get('content-type'), 'audio/mpeg');
      assert.equal(whole.headers.get('accept-ranges'), 'bytes');
      assert.match(whole.headers.get('cache-control') ?? '', /immutable/);
      const body = Buffer.from(await whole.arrayBuffer());
      const size = body.length;
      assert.equal(whole.headers.get('content-length'), String(size));
      const etag = whole.headers.get('etag');
      assert.ok(etag);

      const first = await fetch(url, { headers: { range: 'bytes=0-99' } });
      assert.equal(first.status, 206);
      assert.equal(first.headers.get('content-range'), `bytes 0-99/${size}`);
      assert.equal(first.headers.get('content-length'), '100');
      assert.deepEqual(Buffer.from(await first.arrayBuffer()), body.subarray(0, 100));

      const suffix = await fetch(url, { headers: { range: 'bytes=-500' } });
      assert.equal(suffix.status, 206);
      assert.equal(suffix.headers.get('content-range'), `bytes ${size - 500}-${size - 1}/${size}`);
      assert.deepEqual(Buffer.from(await suffix.arrayBuffer()), body.subarray(size - 500));

      const open = await fetch(url, { headers: { range: `bytes=${size - 10}-` } });
      assert.equal(open.status, 206);
      assert.deepEqual(Buffer.from(await open.arrayBuffer()), body.subarray(size - 10));

      const beyond = await fetch(url, { headers: { range: `bytes=${size}-${size + 10}` } });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers.get('content-range'), `bytes */${size}`);
      await beyond.arrayBuffer();

      // Several ranges that do not touch: the whole file.
      const several = await fetch(url, { headers: { range: 'bytes=0-9,200-209' } });
      assert.equal(several.status, 200);
      assert.equal((await several.arrayBuffer()).byteLength, size);

      const head = await fetch(url, { method: 'HEAD', headers: { range: 'bytes=0-99' } });
      assert.equal(head.status, 206);
      assert.equal(head.headers.get('content-length'), '100');
      assert.equal((await head.arrayBuffer()).byteLength, 0);

      const cached = await fetch(url, { headers: { 'if-none-match': etag } });
      assert.equal(cached.status, 304);

      for (const bad of ['/audio/../media/x.mp3', `/audio/${ids.one}-0000000000000000.mp3`, '/audio/nothing.mp3', `/audio/${ids.one}.mp3`]) {
        const response = await fetch(`${server.url}${bad}`);
        assert.equal(response.status, 404, bad);
        await response.arrayBuffer();
      }
    });

    it('answers the listen JSON the player reads', async () => {
      const response = await fetch(`${server.url}/api/articles/${ids.three}/listen`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=60');
      const { audio } = (await response.json()) as { audio: { url: string; type: string; duration: number; timings: [number, number][] } };
      const script = await articleSpeechScript(server.database.db, ids.three);
      assert.match(audio.url, new RegExp(`^/audio/${ids.three}-[0-9a-f]{16}\\.mp3$`));
      assert.equal(audio.type, 'audio/mpeg');
      assert.equal(audio.timings.length, script?.utterances.length);
      assert.ok(audio.duration > 3 && audio.duration < 120);
      assert.ok((audio.timings.at(-1)?.[1] ?? 0) <= audio.duration);

      const bad = await fetch(`${server.url}/api/articles/abc/listen`);
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(await bad.json()), /正整数/);
      const missing = await fetch(`${server.url}/api/articles/999999/listen`);
      assert.equal(missing.status, 404);
      assert.match(JSON.stringify(await missing.json()), /不存在/);
    });

    it('lets staff read the audio state and editors ask for a re-render, even when unchanged', async () => {
      const reporter = await api().session('reporter@audio.test');
      const editor = await api().session('editor@audio.test');
      const read = await api().call('GET', `/articles/${ids.one}/audio`, { session: reporter });
      assert.equal(read.status, 200);
      assert.equal(read.json.status, 'ready');
      assert.equal(typeof read.json.duration, 'number');
      assert.equal((await api().call('POST', `/articles/${ids.one}/audio`, { session: reporter })).status, 403);
      assert.equal((await api().call('POST', `/articles/${ids.one}/audio`)).status, 401);
      assert.equal((await api().call('POST', `/articles/${ids.one}/audio`, { session: editor, csrf: null })).status, 403);

      const before = await getAudioRow(server.database.db, ids.one);
      const calls = engine.calls;
      const queued = await api().call('POST', `/articles/${ids.one}/audio`, { session: editor });
      assert.equal(queued.status, 202);
      await settled(ids.one, (row) => row?.status === 'ready' && row.rendered_at !== before?.rendered_at);
      assert.ok(engine.calls > calls, 'rendered again');
      assert.equal((await getAudioRow(server.database.db, ids.one))?.file_key, before?.file_key, 'same content, same file name');
      assert.equal((await api().call('POST', '/articles/999999/audio', { session: editor })).status, 404);
    });

    it('shows every article on /admin/audio with a player and 重新生成', async () => {
      const editor = await api().session('editor@audio.test');
      const page = await fetch(`${server.url}/admin/audio?status=ready`, { headers: { cookie: editor.cookie } });
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.ok(html.includes(`id="audio-row-${ids.three}"`));
      assert.match(html, /<audio controls="" preload="none" src="\/audio\/\d+-[0-9a-f]{16}\.mp3"|<audio controls preload="none" src="\/audio\//);
      assert.ok(html.includes('重新生成'));
      assert.ok(html.includes('href="/admin/audio"'), 'in the navigation');
      const none = await fetch(`${server.url}/admin/audio?status=failed`, { headers: { cookie: editor.cookie } });
      assert.ok((await none.text()).includes('没有符合条件的稿件'));
      const anonymous = await fetch(`${server.url}/admin/audio`, { redirect: 'manual' });
      assert.equal(anonymous.status, 302);

      // 重新生成 as a plain form: the session's token is required; reporters see no button and may not post.
      const post = (cookie: string, fields: Record<string, string>) =>
        fetch(`${server.url}/admin/audio/${ids.three}/render`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
          body: new URLSearchParams(fields).toString(),
        });
      assert.equal((await post(editor.cookie, { _csrf: 'wrong' })).status, 403);
      const before = await getAudioRow(server.database.db, ids.three);
      const done = await post(editor.cookie, { _csrf: editor.csrfToken, back: '/admin/audio?status=ready' });
      assert.equal(done.status, 303);
      assert.equal(done.headers.get('location'), `/admin/audio?status=ready&done=queued#audio-row-${ids.three}`);
      await settled(ids.three, (row) => row?.status === 'ready' && row.rendered_at !== before?.rendered_at);
      const reporter = await api().session('reporter@audio.test');
      const reporterPage = await (await fetch(`${server.url}/admin/audio`, { headers: { cookie: reporter.cookie } })).text();
      assert.ok(!reporterPage.includes('重新生成</button>'));
      assert.equal((await post(reporter.cookie, { _csrf: reporter.csrfToken })).status, 403);
    });

    it('publishes a podcast per edition and section with iTunes tags and MP3 enclosures', async () => {
      for (const path of ['/zh-hans/podcast.xml', '/zh-hant/podcast.xml', '/zh-hans/section/china/podcast.xml']) {
        const response = await fetch(`${server.url}${path}`);
        assert.equal(response.status, 200, path);
        assert.match(response.headers.get('content-type') ?? '', /^application\/rss\+xml/);
        const xml = await response.text();
        assert.equal(XMLValidator.validate(xml), true, path);
        const feed = parseFeed(xml);
        assert.equal(feed.items.length, 2, path);
        for (const item of feed.items) {
          const audio = item.mediaAudio[0];
          assert.ok(audio, 'an audio enclosure');
          assert.equal(audio.mimeType, 'audio/mpeg');
          assert.ok((audio.length ?? 0) > 1000);
          const file = await fetch(audio.url);
          assert.equal(file.status, 200);
          assert.equal((await file.arrayBuffer()).byteLength, audio.length);
        }
        const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as { rss: Record<string, string> & { channel: Record<string, unknown> & { item: Record<string, unknown>[] } } };
        assert.equal(doc.rss['@_xmlns:itunes'], 'http://www.itunes.com/dtds/podcast-1.0.dtd');
        const channel = doc.rss.channel;
        assert.equal((channel['itunes:category'] as Record<string, string>)['@_text'], 'News');
        assert.equal(channel['itunes:explicit'], 'false');
        assert.match(String(channel['itunes:author']), /^本[网網]$/);
        for (const item of channel.item) {
          assert.match(String(item['itunes:duration']), /^\d{2}:\d{2}$/);
          assert.match(String((item.guid as Record<string, string>)['#text']), /\/zh-han[st]\/\d+\.html$/);
        }
      }
      const home = await (await fetch(`${server.url}/zh-hans/`)).text();
      assert.ok(home.includes(`<link rel="alternate" type="application/rss+xml" title="本网播客" href="${server.url}/zh-hans/podcast.xml"`), 'home links the podcast');
      assert.equal((await fetch(`${server.url}/zh-hans/section/nothing/podcast.xml`)).status, 404);
    });

    it('renders one article from the CLI: audio render ID --json prints a URL that serves the file', async () => {
      const env = { DATABASE_URL: server.database.url, XINWEN_DATA_DIR: server.dataDir, XINWEN_PUBLIC_URL: server.url, LOG_LEVEL: 'warn' };
      const result = spawnSync(process.execPath, [XINWEN_BIN, 'audio', 'render', String(ids.three), '--json'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
      assert.equal(result.status, 0, result.stderr);
      const printed = JSON.parse(result.stdout) as { url: string; duration: number };
      assert.deepEqual(Object.keys(printed), ['url', 'duration']);
      assert.match(printed.url, new RegExp(`^${server.url}/audio/${ids.three}-[0-9a-f]{16}\\.mp3$`));
      const file = await fetch(printed.url);
      assert.equal(file.status, 200);
      assert.ok(Math.abs(probeSeconds(Buffer.from(await file.arrayBuffer())) - printed.duration) < 0.3);

      const status = spawnSync(process.execPath, [XINWEN_BIN, 'audio', 'status', '--json'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
      assert.equal(status.status, 0, status.stderr);
      assert.deepEqual(JSON.parse(status.stdout), { total: 2, byStatus: { none: 0, queued: 0, rendering: 0, ready: 2, failed: 0, unavailable: 0 } });

      const human = spawnSync(process.execPath, [XINWEN_BIN, 'audio', 'render', String(ids.one)], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
      assert.equal(human.status, 0, human.stderr);
      assert.match(human.stdout, /已生成稿件 \d+ 的音频/);
      // An article without audio (published before audio existed): queue-all queues it, and only it.
      await server.database.db.deleteFrom('article_audio').where('article_id', '=', ids.one).execute();
      const queueAll = spawnSync(process.execPath, [XINWEN_BIN, 'audio', 'queue-all'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
      assert.equal(queueAll.status, 0, queueAll.stderr);
      assert.match(queueAll.stdout, /已排队 1 篇/);
      // The server renders it at its next 30-second look (the CLI cannot wake another process).
      assert.ok(['queued', 'rendering', 'ready'].includes((await getAudioRow(server.database.db, ids.one))?.status ?? ''));

      const unknown = spawnSync(process.execPath, [XINWEN_BIN, 'audio', 'render', '999999', '--json'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
      assert.equal(unknown.status, 1);
      assert.equal(unknown.stdout, '');
      assert.match(unknown.stderr, /不存在或没有发布/);
    });

    it('renders an edit again under a new name and deletes the old file', async () => {
      const before = await getAudioRow(server.database.db, ids.three);
      assert.ok(before?.file_key);
      await save(input('audio-three', [...PARAGRAPHS, '有关部门将在下个月公布详细的施工计划。']));
      const after = await settled(ids.three, (row) => row?.status === 'ready' && row.file_key !== before.file_key);
      assert.ok(after?.file_key);
      assert.equal(await files.exists(after.file_key), true);
      // The row is recorded first, then the old file goes.
      for (let i = 0; i < 100 && (await files.exists(before.file_key)); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(await files.exists(before.file_key), false, 'old file deleted');
      assert.ok((after.duration_ms ?? 0) > (before.duration_ms ?? 0));
    });

    it('removes the row and the file when the article is unpublished', async () => {
      const before = await getAudioRow(server.database.db, ids.three);
      assert.ok(before?.file_key);
      await save(input('audio-three', [...PARAGRAPHS, '有关部门将在下个月公布详细的施工计划。'], { status: 'draft', publishedAt: null }));
      assert.equal(await getAudioRow(server.database.db, ids.three), undefined);
      assert.equal(await files.exists(before.file_key), false);
      assert.equal((await fetch(`${server.url}/${before.file_key}`)).status, 404);
      assert.equal((await fetch(`${server.url}/api/articles/${ids.three}/listen`)).status, 404);
    });
  });
}
