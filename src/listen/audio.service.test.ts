import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { saveArticle } from '../articles/article.service.js';
import type { FileStore } from '../platform/files/file-store.js';
import { createLocalFileStore } from '../platform/files/local/local-file-store.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { articleInput, createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startAudioWorker } from './audio-worker.js';
import { claimNextAudio, getAudioRow } from './audio.store.js';
import { countingEngine } from './audio.testing.js';
import { MAX_ATTEMPTS, queueAudio, renderArticleAudio, renderNextQueued, RETRY_DELAY_MS, STALE_RENDER_MS } from './audio.service.js';
import { createEspeakEngine } from './espeak/espeak-engine.js';
import { SpeechEngineMissingError } from './speech-engine.js';

const BODY = [{ type: 'paragraph' as const, text: '今天上午，市区开通了两条新的公交线路。' }];

// The queue without a server: no publish pipeline in this process, so each test queues itself.
for (const dialect of TEST_DIALECTS) {
  describe(`listen: the audio queue (${dialect})`, () => {
    let t: TestDatabase;
    let dir: string;
    let files: FileStore;

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      dir = mkdtempSync(join(tmpdir(), 'xinwen-audio-'));
      files = createLocalFileStore({ root: dir });
    });
    after(async () => {
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('queues a published article once per script, and nothing for a draft', async () => {
      const id = await createArticle(t.db, { body: BODY });
      assert.equal(await queueAudio(t.db, id), 'queued');
      assert.equal(await queueAudio(t.db, id), 'unchanged');
      assert.equal(await queueAudio(t.db, id, { force: true }), 'queued');
      const draft = await createArticle(t.db, { status: 'draft', publishedAt: null });
      assert.equal(await queueAudio(t.db, draft), 'absent');
      assert.equal(await getAudioRow(t.db, draft), undefined);
    });

    it('gives a queued article to exactly one of several claims at once', async () => {
      const id = await createArticle(t.db, { body: BODY });
      await queueAudio(t.db, id);
      // Everything else out of the way: only this row is due.
      await t.db.updateTable('article_audio').set({ status: 'ready' }).where('article_id', '!=', id).execute();
      const now = new Date();
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) => claimNextAudio(t.db, now.toISOString(), new Date(now.getTime() - STALE_RENDER_MS).toISOString(), new Date(now.getTime() + i).toISOString())),
      );
      const won = claims.filter((c) => c !== null);
      assert.equal(won.length, 1);
      assert.equal(won[0]?.article_id, id);
      assert.equal(won[0]?.status, 'rendering');
      assert.equal(won[0]?.attempts, 1);
      // Left 'rendering' by a process that died: claimable again only after STALE_RENDER_MS.
      const soon = new Date(now.getTime() + 60_000);
      assert.equal(await claimNextAudio(t.db, soon.toISOString(), new Date(soon.getTime() - STALE_RENDER_MS).toISOString(), soon.toISOString()), null);
      const later = new Date(now.getTime() + STALE_RENDER_MS + 1_000);
      const reclaimed = await claimNextAudio(t.db, later.toISOString(), new Date(later.getTime() - STALE_RENDER_MS).toISOString(), later.toISOString());
      assert.equal(reclaimed?.article_id, id);
      assert.equal(reclaimed?.attempts, 2);
      await t.db.updateTable('article_audio').set({ status: 'ready' }).where('article_id', '=', id).execute();
    });

    it('retries a failing render with growing delays, then marks it failed', async () => {
      const id = await createArticle(t.db, { body: BODY });
      await queueAudio(t.db, id);
      // A real espeak-ng that is never given time to finish.
      const failing = createEspeakEngine({ timeoutMs: 1 });
      let clock = new Date();
      const delays: number[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const result = await renderNextQueued(t.db, files, failing, { now: () => clock });
        assert.equal(result?.articleId, id);
        const row = await getAudioRow(t.db, id);
        assert.match(row?.error ?? '', /超过 1 毫秒/);
        if (attempt < MAX_ATTEMPTS) {
          assert.equal(result.outcome, 'queued');
          assert.equal(row?.status, 'queued');
          const due = new Date(row?.not_before ?? 0).getTime();
          delays.push(due - clock.getTime());
          // Not due before its backoff.
          assert.equal(await renderNextQueued(t.db, files, failing, { now: () => new Date(due - 1) }), null);
          clock = new Date(due);
        } else {
          assert.equal(result.outcome, 'failed');
          assert.equal(row?.status, 'failed');
        }
      }
      assert.deepEqual(delays, [RETRY_DELAY_MS, RETRY_DELAY_MS * 2]);
    });

    it("is 'unavailable' without espeak-ng, warns once, and never throws from the worker", async () => {
      const a = await createArticle(t.db, { body: BODY });
      const b = await createArticle(t.db, { body: BODY, title: '另一条公交新闻' });
      const missing = createEspeakEngine({ command: 'espeak-ng-not-installed-here' });
      const warnings: string[] = [];
      const errors: string[] = [];
      const worker = startAudioWorker({
        db: t.db,
        files,
        engine: missing,
        log: { info: () => undefined, warn: (_d, message) => warnings.push(message), error: (_d, message) => errors.push(message) },
      });
      await queueAudio(t.db, a);
      await queueAudio(t.db, b);
      await worker.drain();
      await worker.stop();
      assert.equal((await getAudioRow(t.db, a))?.status, 'unavailable');
      assert.equal((await getAudioRow(t.db, b))?.status, 'unavailable');
      assert.match((await getAudioRow(t.db, a))?.error ?? '', /没有安装 espeak-ng/);
      assert.equal(warnings.length, 1);
      assert.deepEqual(errors, []);
      await assert.rejects(renderArticleAudio(t.db, files, missing, a), SpeechEngineMissingError);
    });

    it('renders in a worker once espeak-ng is there, re-queuing what was unavailable', async () => {
      const engine = countingEngine(createEspeakEngine());
      const worker = startAudioWorker({ db: t.db, files, engine, log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
      await worker.drain();
      await worker.stop();
      const unavailable = await t.db.selectFrom('article_audio').select('article_id').where('status', '=', 'unavailable').execute();
      assert.deepEqual(unavailable, []);
      assert.ok(engine.calls >= 2);
    });

    it('drops a render whose article was edited meanwhile, and renders the new text next', async () => {
      await t.db.updateTable('article_audio').set({ status: 'ready' }).execute();
      const input = articleInput({ body: BODY });
      const { id } = await saveArticle(t.db, input);
      await queueAudio(t.db, id);
      const staleKey = `audio/${id}-${(await getAudioRow(t.db, id))?.content_hash.slice(0, 16)}.mp3`;
      const real = createEspeakEngine();
      let edited = false;
      // A real engine; its first call happens while an editor saves a new version.
      const editing = countingEngine({
        get id() {
          return real.id;
        },
        available: () => real.available(),
        synthesize: async (utterance) => {
          if (!edited) {
            edited = true;
            await saveArticle(t.db, { ...input, body: [...BODY, { type: 'paragraph', text: '线路开通后，沿线居民出行更方便。' }] });
            assert.equal(await queueAudio(t.db, id), 'queued');
          }
          return real.synthesize(utterance);
        },
      });
      const first = await renderNextQueued(t.db, files, editing);
      assert.deepEqual(first, { articleId: id, outcome: 'lost' });
      assert.equal(await files.exists(staleKey), false, 'the stale file is deleted');
      const queued = await getAudioRow(t.db, id);
      assert.equal(queued?.status, 'queued');
      assert.equal(queued.file_key, null);
      const second = await renderNextQueued(t.db, files, editing);
      assert.deepEqual(second, { articleId: id, outcome: 'ready' });
      const row = await getAudioRow(t.db, id);
      assert.ok(row?.file_key);
      assert.equal(await files.exists(row.file_key), true);
      assert.equal(row.file_key, `audio/${id}-${row.content_hash.slice(0, 16)}.mp3`);
    });

    it('removes the audio and its file when the article is no longer published', async () => {
      const input = articleInput({ body: BODY });
      const { id } = await saveArticle(t.db, input);
      const rendered = await renderArticleAudio(t.db, files, createEspeakEngine(), id);
      assert.equal(await files.exists(rendered.fileKey), true);
      await saveArticle(t.db, { ...input, status: 'draft', publishedAt: null });
      assert.equal(await queueAudio(t.db, id, { files }), 'removed');
      assert.equal(await getAudioRow(t.db, id), undefined);
      assert.equal(await files.exists(rendered.fileKey), false);
    });
  });
}
