import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishBus, type ArticleEvent } from '../articles/publish-events.js';
import { changeOutlet } from '../articles/outlet.service.js';
import { listAudit } from '../newsroom/audit/audit.service.js';
import { addTestStaff } from '../newsroom/auth/admin-api.testing.js';
import type { Actor } from '../newsroom/staff/actor.js';
import { openDatabase, type OpenDatabase } from '../platform/db/database.js';
import { ConflictError, ForbiddenError, ValidationError } from '../platform/errors.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { newsroomDictionary } from '../zh/fixtures/newsroom-dictionary.js';
import { segmentWords } from '../zh/fixtures/segment-words.js';
import {
  addConversionEntry,
  addSegmentationWord,
  articleConverter,
  articleOverrides,
  changeConversionEntry,
  deleteConversionEntry,
  deleteSegmentationWord,
  dictionaryVersion,
  listDictionary,
  MAX_OVERRIDES,
  newsroomConverter,
  newsroomSegmenter,
  previewConversion,
  RECHECK_MS,
  replaceArticleOverrides,
  setTaiwanPhrases,
} from './dictionary.service.js';

const system = { actorId: null };

for (const dialect of TEST_DIALECTS) {
  describe(`newsroom dictionary service (${dialect})`, () => {
    let t: TestDatabase;
    let admin: Actor;

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      const { id } = await addTestStaff(t.db, { email: 'admin@dict.test', name: '词典管理员', role: 'admin' });
      admin = { id, displayName: '词典管理员', role: 'admin', allDesks: true, deskIds: [] };
    });
    after(async () => {
      await t.drop();
    });

    it('the migration seeds the starter entries and words, with Taiwan phrases off', async () => {
      const { entries, words, taiwanPhrases } = await listDictionary(t.db);
      assert.equal(taiwanPhrases, false);
      const keys = new Set(newsroomDictionary.map((e) => `${e.direction}:${e.source}`));
      assert.equal(entries.length, keys.size);
      assert.deepEqual(
        entries.find((e) => e.source === '特朗普'),
        { ...entries.find((e) => e.source === '特朗普'), target: '川普', direction: 'both', phrasesOnly: true, updatedBy: null },
      );
      assert.ok(entries.some((e) => e.source === '发布' && e.target === '發布' && e.direction === 's2t' && !e.phrasesOnly));
      assert.equal(words.length, new Set(segmentWords.map((w) => w.word)).size);
      assert.ok(words.some((w) => w.word === '泽连斯基' && w.tag === 'nr'));
      const converter = await newsroomConverter(t.db);
      assert.equal(converter.toTraditional('被发布的消息'), '被發布的消息');
      assert.equal(converter.toTraditional('余先生说'), '余先生說');
      assert.equal(converter.phrases, false);
    });

    it('builds the converter once, and rebuilds it at once after an edit or the Taiwan-phrases switch', async () => {
      const first = await newsroomConverter(t.db);
      assert.equal(await newsroomConverter(t.db), first, 'cached per database handle');
      const seeded = (await listDictionary(t.db)).entries.find((e) => e.source === '特朗普');
      assert.ok(seeded);
      await deleteConversionEntry(t.db, seeded.id, system);
      await setTaiwanPhrases(t.db, { taiwanPhrases: true }, system);
      const phrases = await newsroomConverter(t.db);
      assert.notEqual(phrases.fingerprint, first.fingerprint);
      assert.equal(phrases.phrases, true);
      assert.equal(phrases.toTraditional('特朗普在软件发布会上'), '特朗普在軟體發布會上');

      const added = await addConversionEntry(t.db, { source: '特朗普', target: '川普', direction: 'both', phrasesOnly: true, note: '台湾通行译名' }, { actorId: admin.id });
      assert.equal(added.updatedBy, admin.id);
      const withName = await newsroomConverter(t.db);
      assert.notEqual(withName.fingerprint, phrases.fingerprint);
      assert.equal(withName.toTraditional('特朗普在软件发布会上'), '川普在軟體發布會上');
      assert.equal(withName.toSimplified('川普在軟體發布會上'), '特朗普在软件发布会上');

      await setTaiwanPhrases(t.db, { taiwanPhrases: false }, system);
      const characters = await newsroomConverter(t.db);
      assert.equal(characters.toTraditional('特朗普在软件发布会上'), '特朗普在軟件發布會上', 'phrases-only entries rest without Taiwan phrases');

      const changed = await changeConversionEntry(t.db, added.id, { phrasesOnly: false }, system);
      assert.equal(changed.phrasesOnly, false);
      assert.equal((await newsroomConverter(t.db)).toTraditional('特朗普'), '川普');
      const audit = (await listAudit(t.db, { limit: 20 })).filter((e) => e.subjectType === 'dictionary_entry').map((e) => e.action);
      assert.deepEqual(audit.slice(0, 3), ['dictionary_entry.change', 'dictionary_entry.create', 'dictionary_entry.delete']);
      assert.ok((await listAudit(t.db, { limit: 20 })).some((e) => e.action === 'outlet.taiwan_phrases' && e.details.after === false));
    });

    it('another process notices an entry or a setting change within RECHECK_MS, not before', async () => {
      const other: OpenDatabase = await openDatabase(t.url, { migrate: false });
      try {
        const start = Date.now();
        const before = await newsroomConverter(other.db, { now: start });
        assert.equal(before.toTraditional('新软件'), '新軟件');
        const versionBefore = await dictionaryVersion(other.db, { now: start });
        await addConversionEntry(t.db, { source: '软件', target: '軟體', direction: 's2t' }, system);
        const soon = await newsroomConverter(other.db, { now: start + 1_000 });
        assert.equal(soon, before, 'still the cached converter within the interval');
        assert.equal(await dictionaryVersion(other.db, { now: start + 1_000 }), versionBefore);
        const later = await newsroomConverter(other.db, { now: start + RECHECK_MS + 1 });
        assert.equal(later.toTraditional('新软件'), '新軟體');
        assert.notEqual(await dictionaryVersion(other.db, { now: start + RECHECK_MS + 1 }), versionBefore);

        // `xinwen outlet set --taiwan-phrases on` changes the outlet row from another process.
        await changeOutlet(t.db, { taiwanPhrases: true });
        assert.equal((await newsroomConverter(other.db, { now: start + RECHECK_MS + 2 })).phrases, false);
        assert.equal((await newsroomConverter(other.db, { now: start + 2 * RECHECK_MS + 3 })).phrases, true);
        await changeOutlet(t.db, { taiwanPhrases: false });
      } finally {
        await other.close();
      }
    });

    it('per-article overrides win over the dictionary for that article only, and announce the change', async () => {
      const overridden = await createArticle(t.db);
      const plain = await createArticle(t.db);
      const events: ArticleEvent[] = [];
      const unsubscribe = publishBus(t.db).subscribe('dictionary-test', async (event) => void events.push(event));
      try {
        assert.equal(await articleConverter(t.db, plain), await newsroomConverter(t.db), 'no overrides: the newsroom converter itself');
        const list = [{ source: '发布', target: '發佈', direction: 's2t' as const }];
        assert.deepEqual(await replaceArticleOverrides(t.db, admin, overridden, { overrides: list }), list);
        await publishBus(t.db).idle();
        assert.deepEqual(events, [{ type: 'article.changed', articleId: overridden }]);
        assert.deepEqual(await articleOverrides(t.db, overridden), list);

        const own = await articleConverter(t.db, overridden);
        assert.equal(own.toTraditional('被发布的消息'), '被發佈的消息');
        assert.notEqual(own.fingerprint, (await newsroomConverter(t.db)).fingerprint);
        assert.equal((await articleConverter(t.db, plain)).toTraditional('被发布的消息'), '被發布的消息');
        assert.equal((await previewConversion(t.db, { text: '被发布' }, overridden)).traditional, '被發佈');
        assert.equal((await previewConversion(t.db, { text: '被发布' })).traditional, '被發布');

        await replaceArticleOverrides(t.db, admin, overridden, { overrides: [] });
        assert.equal((await articleConverter(t.db, overridden)).toTraditional('被发布的消息'), '被發布的消息');
        const audit = (await listAudit(t.db, { limit: 5 })).find((e) => e.action === 'article.conversion_overrides');
        assert.deepEqual(audit?.details, { before: list, after: [] });
      } finally {
        unsubscribe();
      }
    });

    it('refuses override lists that are too long or repeat a source, and editors off the desk', async () => {
      const id = await createArticle(t.db);
      const many = Array.from({ length: MAX_OVERRIDES + 1 }, (_, i) => ({ source: `测${String.fromCharCode(0x4e00 + i)}`, target: '測', direction: 's2t' }));
      await assert.rejects(replaceArticleOverrides(t.db, admin, id, { overrides: many }), ValidationError);
      const twice = [
        { source: '发布', target: '發佈', direction: 's2t' },
        { source: '发布', target: '發布', direction: 's2t' },
      ];
      await assert.rejects(replaceArticleOverrides(t.db, admin, id, { overrides: twice }), (e: unknown) => e instanceof ValidationError && /重复/.test(e.details.join()));
      const elsewhere: Actor = { id: admin.id, displayName: '别的栏目编辑', role: 'editor', allDesks: false, deskIds: [] };
      await assert.rejects(replaceArticleOverrides(t.db, elsewhere, id, { overrides: [] }), ForbiddenError);
    });

    it('validates entries and words with Chinese messages, and refuses duplicates', async () => {
      await assert.rejects(
        addConversionEntry(t.db, { source: 'abc', target: '', direction: 'sideways' }, system),
        (e: unknown) => e instanceof ValidationError && /^source: 原文只能由汉字组成/m.test(e.details.join('\n')) && /^target: /m.test(e.details.join('\n')) && /^direction: /m.test(e.details.join('\n')),
      );
      await assert.rejects(addConversionEntry(t.db, { source: '长'.repeat(41), target: '長', direction: 's2t' }, system), /原文最多 40 个字/);
      await assert.rejects(addConversionEntry(t.db, { source: '发布', target: '發佈', direction: 's2t' }, system), ConflictError);
      await assert.rejects(addSegmentationWord(t.db, { word: '鲁' }, system), /词语应为 2 到 20 个字/);
      await assert.rejects(addSegmentationWord(t.db, { word: '澤連斯基', tag: 'nr' }, system), (e: unknown) => e instanceof ConflictError && e.code === 'word_exists');
      await assert.rejects(addSegmentationWord(t.db, { word: '某某', tag: 'xx' }, system), /词性应为/);
    });

    it('the segmenter keeps a new name whole once it is added, in either script, and drops it when deleted', async () => {
      const converter = await newsroomConverter(t.db);
      const before = await newsroomSegmenter(t.db);
      assert.equal(await newsroomSegmenter(t.db), before, 'cached');
      assert.ok(!before.segment('鲁比奥抵达北京').includes('鲁比奥'), 'jieba alone cuts the name');
      const word = await addSegmentationWord(t.db, { word: '魯比奧', tag: 'nr' }, system);
      assert.equal(word.word, '鲁比奥', 'stored as jieba meets it');
      const after = await newsroomSegmenter(t.db);
      assert.notEqual(after.fingerprint, before.fingerprint);
      assert.deepEqual(after.segment('鲁比奥抵达北京'), ['鲁比奥', '抵达', '北京']);
      assert.ok(after.analyse('魯比奧抵達北京').includes('鲁比奥'));
      assert.equal(await newsroomConverter(t.db), converter, 'a word change leaves the converter alone');
      await deleteSegmentationWord(t.db, word.id, system);
      assert.ok(!(await newsroomSegmenter(t.db)).segment('鲁比奥抵达北京').includes('鲁比奥'));
    });
  });
}
