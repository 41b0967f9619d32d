import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listAudit } from '../newsroom/audit/audit.service.js';
import { addTestStaff } from '../newsroom/auth/admin-api.testing.js';
import { openDatabase, type OpenDatabase } from '../platform/db/database.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import {
  addPronunciation,
  changePronunciation,
  deletePronunciation,
  LEXICON_RECHECK_MS,
  listPronunciations,
  pronunciationLexicon,
} from './lexicon.service.js';

/** The Chinese details of a refused input. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return [error.publicMessage, ...error.details].join('\n');
  }
  assert.fail('expected a ValidationError');
}

for (const dialect of TEST_DIALECTS) {
  describe(`pronunciation lexicon service (${dialect})`, () => {
    let t: TestDatabase;
    let editorId: number;

    before(async () => {
      t = await createTestDatabase(dialect);
      ({ id: editorId } = await addTestStaff(t.db, { email: 'editor@lexicon.test', name: '读音编辑', role: 'editor' }));
    });
    after(async () => {
      await t.drop();
    });

    it('starts empty, adds an entry in Simplified with normalised pinyin, and audits it', async () => {
      assert.deepEqual(await listPronunciations(t.db), []);
      const entry = await addPronunciation(t.db, { term: '樸槿惠', pinyin: '  Piao2   jin3 hui4 ', note: '韩国前总统' }, { actorId: editorId });
      assert.equal(entry.term, '朴槿惠');
      assert.equal(entry.pinyin, 'piao2 jin3 hui4');
      assert.equal(entry.updatedBy, editorId);
      assert.deepEqual(
        (await listPronunciations(t.db)).map((e) => [e.term, e.pinyin, e.note]),
        [['朴槿惠', 'piao2 jin3 hui4', '韩国前总统']],
      );
      const audit = (await listAudit(t.db, { limit: 5 })).find((e) => e.action === 'pronunciation.create');
      assert.deepEqual(audit?.details, { term: '朴槿惠', pinyin: 'piao2 jin3 hui4', note: '韩国前总统' });
      assert.equal(audit?.actorId, editorId);
    });

    it('refuses bad terms and pinyin with Chinese messages, and stores nothing', async () => {
      assert.match(await refusal(addPronunciation(t.db, { term: '', pinyin: 'a1' }, { actorId: null })), /请填写词语/u);
      assert.match(await refusal(addPronunciation(t.db, { term: '一二三四五六七八九十一二三四五六七八九十一', pinyin: 'yi1' }, { actorId: null })), /最多 20 个字/u);
      assert.match(await refusal(addPronunciation(t.db, { term: '银行 行长', pinyin: 'yin2 hang2 hang2 zhang3' }, { actorId: null })), /汉字和字母/u);
      assert.match(await refusal(addPronunciation(t.db, { term: 'ABC', pinyin: 'a1' }, { actorId: null })), /至少要有一个汉字/u);
      assert.match(await refusal(addPronunciation(t.db, { term: '行长', pinyin: 'hang zhang3' }, { actorId: null })), /声调数字/u);
      assert.match(await refusal(addPronunciation(t.db, { term: '行长', pinyin: 'hang6 zhang3' }, { actorId: null })), /声调数字/u);
      assert.match(await refusal(addPronunciation(t.db, { term: '行长', pinyin: 'hang2' }, { actorId: null })), /有 2 个汉字，拼音却有 1 个音节/u);
      assert.match(await refusal(addPronunciation(t.db, { term: '行长', pinyin: 42 }, { actorId: null })), /请填写拼音|拼音/u);
      assert.equal((await listPronunciations(t.db)).length, 1);
    });

    it('accepts ü written as ü or v, letters in a term, and the neutral tone 5', async () => {
      const lv = await addPronunciation(t.db, { term: '绿', pinyin: 'lü4' }, { actorId: null });
      assert.equal(lv.pinyin, 'lü4');
      const site = await addPronunciation(t.db, { term: 'B站', pinyin: 'zhan4' }, { actorId: null });
      assert.equal(site.term, 'B站');
      const particle = await addPronunciation(t.db, { term: '的', pinyin: 'de5' }, { actorId: null });
      await deletePronunciation(t.db, lv.id, { actorId: null });
      await deletePronunciation(t.db, site.id, { actorId: null });
      await deletePronunciation(t.db, particle.id, { actorId: null });
    });

    it('refuses a term already listed (in either script) with 409 term_exists', async () => {
      await assert.rejects(addPronunciation(t.db, { term: '朴槿惠', pinyin: 'pu3 jin3 hui4' }, { actorId: null }), (error: unknown) => {
        assert.ok(error instanceof ConflictError);
        assert.equal(error.code, 'term_exists');
        return true;
      });
    });

    it('changes an entry, checks the syllables against the new term, audits before and after, and deletes it', async () => {
      const [entry] = await listPronunciations(t.db);
      assert.ok(entry);
      const changed = await changePronunciation(t.db, entry.id, { note: '' }, { actorId: editorId });
      assert.equal(changed.note, null);
      assert.match(await refusal(changePronunciation(t.db, entry.id, { term: '朴总统' + '槿惠' }, { actorId: null })), /有 5 个汉字/u);
      assert.match(await refusal(changePronunciation(t.db, entry.id, {}, { actorId: null })), /没有要修改的内容/u);
      const renamed = await changePronunciation(t.db, entry.id, { term: '朴先生', pinyin: 'piao2 xian1 sheng5' }, { actorId: editorId });
      assert.equal(renamed.term, '朴先生');
      const audit = (await listAudit(t.db, { limit: 5 })).find((e) => e.action === 'pronunciation.change');
      assert.deepEqual(audit?.details.after, { term: '朴先生', pinyin: 'piao2 xian1 sheng5', note: null });
      await assert.rejects(changePronunciation(t.db, 999_999, { note: 'x' }, { actorId: null }), NotFoundError);
      await deletePronunciation(t.db, entry.id, { actorId: editorId });
      await assert.rejects(deletePronunciation(t.db, entry.id, { actorId: null }), NotFoundError);
      assert.ok((await listAudit(t.db, { limit: 5 })).some((e) => e.action === 'pronunciation.delete' && e.details.term === '朴先生'));
    });

    it('pronunciationLexicon sees this process’s changes at once and another process’s within the recheck interval', async () => {
      const other: OpenDatabase = await openDatabase(t.url, { migrate: false });
      try {
        const start = Date.now();
        assert.equal((await pronunciationLexicon(other.db, { now: start })).get('长乐'), undefined);
        const entry = await addPronunciation(t.db, { term: '长乐', pinyin: 'chang2 le4' }, { actorId: null });
        assert.equal((await pronunciationLexicon(t.db)).get('长乐'), 'chang2 le4');
        // The other handle keeps its copy until the interval has passed.
        assert.equal((await pronunciationLexicon(other.db, { now: start + 1 })).get('长乐'), undefined);
        assert.equal((await pronunciationLexicon(other.db, { now: start + LEXICON_RECHECK_MS + 1 })).get('长乐'), 'chang2 le4');
        await changePronunciation(t.db, entry.id, { pinyin: 'zhang3 le4' }, { actorId: null });
        assert.equal((await pronunciationLexicon(t.db)).get('长乐'), 'zhang3 le4');
        assert.equal((await pronunciationLexicon(other.db, { now: start + 2 * LEXICON_RECHECK_MS + 2 })).get('长乐'), 'zhang3 le4');
        await deletePronunciation(t.db, entry.id, { actorId: null });
        assert.equal((await pronunciationLexicon(t.db)).size, 0);
        assert.equal((await pronunciationLexicon(other.db, { now: start + 3 * LEXICON_RECHECK_MS + 3 })).size, 0);
      } finally {
        await other.close();
      }
    });
  });
}
