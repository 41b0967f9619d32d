import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../platform/db/database.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { selectDocCounts } from './bayes.store.js';
import { readLabelledFile, TRAINING_FILE } from './starter-model.js';
import { analyseText, checkText, learnFromDecision, scoreArticleText, type SpamVerdict } from './spam.service.js';
import { addSpamTerm } from './terms.service.js';

const phases = (v: SpamVerdict) => v.reasons.map((r) => r.phase);
const sender = (reader: string, network = 'net-a') => ({ readerKey: reader, networkKey: network });

for (const dialect of TEST_DIALECTS) {
  describe(`spam pipeline (${dialect})`, () => {
    let database: TestDatabase;

    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(async () => {
      await database.drop();
    });

    it('never holds news talk about Macau, casinos and lotteries', async () => {
      for (const text of [
        '澳门回归二十五周年，街上挂满了彩旗，威尼斯人门口游客很多。',
        '澳门赌场上季度收入回升，博彩业仍是特区财政的支柱。',
        '赌王去世的消息让人唏嘘，他见证了澳门博彩业几十年的变迁。',
        '体育彩票的公益金用在了社区健身器材上，这个做法好。',
        '警方捣毁一个跨境网络赌博团伙，涉案的博彩网站已被关停。',
        '澳門威尼斯人和葡京都是遊客打卡的地方，新聞說今年旅客增加。',
      ]) {
        const verdict = await checkText(database.db, text);
        assert.ok(verdict.action === 'allow' || verdict.action === 'flag', `${text}: ${JSON.stringify(verdict)}`);
      }
    });

    it('holds a gambling term with a contact, a URL or a call to action', async () => {
      for (const text of [
        '澳门赌场最新玩法，加微信 lucky8899 了解',
        '百家乐技巧分享，详见 lucky88点com',
        '体育投注平台开户，首充有惊喜',
        '想玩百家乐的朋友加我',
      ]) {
        const verdict = await checkText(database.db, text);
        assert.ok(verdict.action === 'hold' || verdict.action === 'block', `${text}: ${JSON.stringify(verdict)}`);
        assert.ok(phases(verdict).includes('combination'), text);
      }
    });

    it('blocks blatant, obfuscated spam and explains every signal', async () => {
      const verdict = await checkText(database.db, '澳門線上娛樂城，真人百家樂，註冊送彩金！加 V 信：ｌｕｃｋｙ８８９９ 或 扣扣 八七六五四三二一');
      assert.equal(verdict.action, 'block');
      assert.ok(verdict.score >= 10);
      for (const phase of ['normalise', 'terms', 'contacts', 'combination', 'bayes']) assert.ok(phases(verdict).includes(phase), phase);
      assert.equal(verdict.score, Math.round(verdict.reasons.reduce((s, r) => s + r.score, 0) * 10) / 10);
    });

    it('highlights what it found in the original text', async () => {
      const text = '欢迎来 博-彩 网站，加 V 信 abc12345';
      const analysis = await analyseText(database.db, text);
      const marked = analysis.highlights.map((h) => text.slice(h.start, h.end));
      assert.ok(marked.includes('博-彩'), JSON.stringify(marked));
      assert.ok(marked.some((m) => m.includes('abc12345')), JSON.stringify(marked));
    });

    it('trains the starter model from the training set exactly once, even when processes race', async () => {
      const other = await openDatabase(database.url);
      try {
        await Promise.all([checkText(database.db, '你好'), checkText(other.db, '你好')]);
      } finally {
        await other.close();
      }
      const training = readLabelledFile(TRAINING_FILE);
      const docs = await selectDocCounts(database.db);
      assert.equal(docs.spam, training.filter((t) => t.label === 'spam').length);
      assert.equal(docs.ham, training.filter((t) => t.label === 'ham').length);
      assert.equal(docs.seeded, true);
    });

    it('learns from moderators: rejected-as-spam raises the Bayes score of similar text', async () => {
      const text = '小区门口新开的火锅店打折，老板人很好，周末一起去尝尝';
      const bayes = async () => (await checkText(database.db, text)).reasons.find((r) => r.phase === 'bayes')?.score ?? 0;
      const beforeScore = await bayes();
      for (let i = 0; i < 8; i++) await learnFromDecision(database.db, text, 'spam');
      const afterSpam = await bayes();
      assert.ok(afterSpam > beforeScore, `${beforeScore} → ${afterSpam}`);
      for (let i = 0; i < 16; i++) await learnFromDecision(database.db, text, 'ham');
      assert.ok((await bayes()) < afterSpam);
    });

    it('sees a new term at once, also in another process (the version row)', async () => {
      const other = await openDatabase(database.url);
      try {
        const text = '这里有测试专用的怪词嘎嘣脆';
        assert.ok(!phases(await checkText(other.db, text)).includes('terms'));
        await addSpamTerm(database.db, { term: '嘎嘣脆', category: 'other', weight: 5, action: 'hold' }, { actorId: null });
        const verdict = await checkText(other.db, text);
        assert.equal(verdict.action, 'hold');
        assert.ok(verdict.reasons.some((r) => r.detail.includes('嘎嘣脆')));
      } finally {
        await other.close();
      }
    });

    it('adds a near-duplicate reason when other accounts sent the same text within 24 hours', async () => {
      const now = new Date('2025-03-18T08:00:00Z');
      const ad = '周末带孩子去郊外的农场采草莓，空气好，价格也实惠，推荐给大家';
      const first = await checkText(database.db, ad, { sender: sender('dup-1'), now });
      assert.ok(!phases(first).includes('duplicates'));
      await checkText(database.db, `${ad}！`, { sender: sender('dup-2'), now });
      const third = await checkText(database.db, ad, { sender: sender('dup-3'), now: new Date(now.getTime() + 3600_000) });
      const reason = third.reasons.find((r) => r.phase === 'duplicates');
      assert.ok(reason?.detail.includes('2 个账号'), JSON.stringify(third));
      const repeat = await checkText(database.db, ad, { sender: sender('dup-1'), now: new Date(now.getTime() + 7200_000) });
      assert.ok(repeat.reasons.some((r) => r.detail.includes('同一读者')), JSON.stringify(repeat));
      // More than 24 hours after the last of them.
      const dayLater = await checkText(database.db, ad, { sender: sender('dup-9'), now: new Date(now.getTime() + 27 * 3600_000) });
      assert.ok(!phases(dayLater).includes('duplicates'), JSON.stringify(dayLater));
    });

    it('counts a reader over 5 texts in 10 minutes, and a network over 30', async () => {
      const now = new Date('2025-03-19T08:00:00Z');
      const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
      for (let i = 0; i < 5; i++) {
        const verdict = await checkText(database.db, `第${i}条评论`, { sender: sender('busy', 'net-busy'), now: at(i) });
        assert.ok(!phases(verdict).includes('rate'));
      }
      const sixth = await checkText(database.db, '第六条评论', { sender: sender('busy', 'net-busy'), now: at(5) });
      assert.ok(sixth.reasons.some((r) => r.phase === 'rate' && r.detail.includes('该读者')), JSON.stringify(sixth));
      const later = await checkText(database.db, '过了很久的评论', { sender: sender('busy', 'net-busy'), now: at(30) });
      assert.ok(!phases(later).includes('rate'));
      for (let i = 0; i < 30; i++) await checkText(database.db, `网络评论${i}`, { sender: sender(`crowd-${i}`, 'net-crowd'), now: at(40) });
      const crowded = await checkText(database.db, '又一条', { sender: sender('crowd-x', 'net-crowd'), now: at(41) });
      assert.ok(crowded.reasons.some((r) => r.phase === 'rate' && r.detail.includes('同一网络')), JSON.stringify(crowded));
    });

    it('keeps fingerprints for 24 hours only, and records nothing for article text', async () => {
      const count = async () => Number((await database.db.selectFrom('spam_fingerprints').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const beforeArticle = await count();
      const verdict = await scoreArticleText(database.db, '本报讯 澳门特区政府公布上季度博彩税收数据。');
      assert.notEqual(verdict.action, 'hold');
      assert.equal(await count(), beforeArticle);
      // More than ten minutes after the last prune, a check prunes everything older than 24 hours.
      await checkText(database.db, '很久以后的一条评论', { sender: sender('late'), now: new Date('2025-04-30T00:00:00Z') });
      assert.equal(await count(), 1);
    });
  });
}
