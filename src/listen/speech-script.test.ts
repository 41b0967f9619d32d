import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { previewPageData } from '../articles/reader.service.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { addPronunciation, deletePronunciation } from './lexicon.service.js';
import { readableBlocks } from './readable-blocks.js';
import { articleSpeechScript, SPEECH_SCRIPT_VERSION, spokenUtterances, tryReading } from './speech-script.js';
import { splitUtterances } from './utterances.js';

describe('spokenUtterances', () => {
  it('maps a lede cut inside the byline onto the spoken lede, one spoken piece per shown utterance', () => {
    const lede = '【本网2025年03月18日讯】（本网记者张三、李四、王五综合报导）';
    const spokenLede = '本网2025年03月18日讯。本网记者张三、李四、王五综合报导。';
    const rest = '市交通部门今天上午在新闻发布会上宣布，城郊新线路将于下月底开通试运营。';
    const block = { text: `${lede}${rest}`, spoken: `${spokenLede}${rest}` };
    const pieces = splitUtterances(block.text);
    assert.ok(pieces.length >= 3, 'the long first sentence is cut at commas, inside the byline too');
    assert.ok(pieces[0] && pieces[0].end < lede.length, 'the first cut falls inside the byline');
    const spoken = spokenUtterances(block, pieces);
    assert.equal(spoken.length, pieces.length);
    assert.equal(spoken.join(''), `${spokenLede}${rest}`);
    assert.ok(!spoken.join('').includes('【') && !spoken.join('').includes('（'));
  });

  it('gives a block without a spoken form its shown utterances', () => {
    const pieces = splitUtterances('第一句。第二句！');
    assert.deepEqual(spokenUtterances({ text: '第一句。第二句！' }, pieces), ['第一句。', '第二句！']);
  });
});

for (const dialect of TEST_DIALECTS) {
  describe(`articleSpeechScript (${dialect})`, () => {
    let t: TestDatabase;
    let published: number;
    let other: number;

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      // Image captions and credits are left out by readableBlocks (its own test); an image block here would need an upload.
      published = await createArticle(t.db, {
        title: '新港区码头2,870万吨货物运抵',
        summary: '摘要不读。',
        subtitle: '副题不读',
        byline: { reporters: ['张明'], reportType: '综合报导', place: null },
        body: [
          { type: 'paragraph', text: '共175人参加验收，为期30天，合格率达90%。' },
          { type: 'subheading', text: '行长到场' },
          { type: 'paragraph', text: '银行行长在重庆表示，新港区将再投入2亿元。' },
          { type: 'quote', text: '码头09:30开闸。', cite: '引语出处不读' },
          { type: 'list', ordered: true, items: ['一期：2人值守', '二期：12人值守'] },
        ],
      });
      other = await createArticle(t.db, { title: '社区图书馆延长开放时间', body: [{ type: 'paragraph', text: '图书馆每天开放到晚上九点。' }] });
    });
    after(async () => {
      await t.drop();
    });

    it('has one utterance per piece the page player cuts from the readable blocks, in order', async () => {
      const script = await articleSpeechScript(t.db, published);
      assert.ok(script);
      const { article } = await previewPageData(t.db, published);
      const shown = readableBlocks(article, '本网').flatMap((b) => splitUtterances(b.text).map((u) => u.text));
      assert.deepEqual(
        script.utterances.map((u) => u.text),
        shown,
      );
      assert.equal(script.characters, shown.join('').length);
      assert.equal(script.articleId, published);
    });

    it('reads the title, the dateline naturally, numbers written out, and skips cites, summary and subtitle', async () => {
      const script = await articleSpeechScript(t.db, published);
      assert.ok(script);
      const spoken = script.utterances.map((u) => u.spoken);
      assert.equal(spoken[0], '新港区码头两千八百七十万吨货物运抵');
      assert.ok(spoken[1]?.startsWith('本网二〇二五年三月十八日讯。本网记者张明综合报导。共一百七十五人参加验收，'), spoken[1]);
      const all = spoken.join('|');
      for (const said of ['为期三十天', '百分之九十', '两亿元', '九点三十分', '两人值守', '十二人值守']) assert.ok(all.includes(said), said);
      for (const unread of ['摘要不读', '副题不读', '引语出处不读', '【', '（本网']) assert.ok(!all.includes(unread), unread);
      assert.doesNotMatch(all, /\d/u);
    });

    it('gives tone-numbered pinyin with the polyphones read by word', async () => {
      const script = await articleSpeechScript(t.db, published);
      assert.ok(script);
      const pinyin = script.utterances.map((u) => u.pinyin).join(' ');
      assert.match(pinyin, /yin2 hang2 hang2 zhang3/u);
      assert.match(pinyin, /chong2 qing4/u);
      assert.match(pinyin, /er4 ling2 er4 wu3 nian2 san1 yue4 shi2 ba1 ri4 xun4\./u);
      for (const u of script.utterances) {
        for (const token of u.pinyin.split(' ')) assert.match(token, /^(?:[a-zv]+[1-5]|[A-Z])[,.]?$/u, `${token} in ${u.pinyin}`);
      }
    });

    it('hashes the pinyin of every utterance with the script version', async () => {
      const script = await articleSpeechScript(t.db, published);
      assert.ok(script);
      const expected = createHash('sha256')
        .update(JSON.stringify({ version: SPEECH_SCRIPT_VERSION, pinyin: script.utterances.map((u) => u.pinyin) }))
        .digest('hex');
      assert.equal(script.hash, expected);
      assert.equal((await articleSpeechScript(t.db, published))?.hash, script.hash, 'the same article gives the same hash');
    });

    it('applies the lexicon, changing the hash of the articles it touches only', async () => {
      const before = await articleSpeechScript(t.db, published);
      const otherBefore = await articleSpeechScript(t.db, other);
      const entry = await addPronunciation(t.db, { term: '码头', pinyin: 'ma3 tou5' }, { actorId: null });
      try {
        const after = await articleSpeechScript(t.db, published);
        assert.ok(before && after);
        assert.match(after.utterances[0]?.pinyin ?? '', /ma3 tou5/u);
        assert.notEqual(after.hash, before.hash);
        assert.equal((await articleSpeechScript(t.db, other))?.hash, otherBefore?.hash);
      } finally {
        await deletePronunciation(t.db, entry.id, { actorId: null });
      }
      assert.equal((await articleSpeechScript(t.db, published))?.hash, before?.hash);
    });

    it('reads a Traditional article in its own script, names stored in Simplified included, as its edition page shows it', async () => {
      const id = await createArticle(t.db, {
        title: '海濱長廊新段開放',
        sourceScript: 'zh-Hant',
        byline: { reporters: ['罗锦辉'], reportType: '採訪報導', place: '香港' },
        dateline: { source: '华文新闻网', date: '2025-03-18', place: '香港', kind: '讯' },
        body: [{ type: 'paragraph', text: '長廊全長約1.8公里。' }],
      });
      const script = await articleSpeechScript(t.db, id);
      assert.ok(script);
      assert.deepEqual(
        script.utterances.map((u) => u.text),
        ['海濱長廊新段開放', '【華文新聞網香港2025年03月18日訊】（華文新聞網記者羅錦輝香港採訪報導）長廊全長約1.8公里。'],
      );
      assert.equal(script.utterances[1]?.spoken, '華文新聞網香港二〇二五年三月十八日訊。華文新聞網記者羅錦輝香港採訪報導。長廊全長約一點八公里。');
      assert.match(script.utterances[1]?.pinyin ?? '', /^hua2 wen2 xin1 wen2 wang3 xiang1 gang3 /u);
    });

    it('is null for an article that does not exist or is not published', async () => {
      assert.equal(await articleSpeechScript(t.db, 987_654), null);
      const draft = await createArticle(t.db, { status: 'draft', title: '尚未签发的稿件' });
      assert.equal(await articleSpeechScript(t.db, draft), null);
    });

    it('tries a sentence: utterances with spoken form and pinyin', async () => {
      const tried = await tryReading(t.db, { text: '银行行长说，3月18日到重庆。' });
      assert.deepEqual(tried.utterances, [{ text: '银行行长说，3月18日到重庆。', spoken: '银行行长说，三月十八日到重庆。', pinyin: 'yin2 hang2 hang2 zhang3 shuo1, san1 yue4 shi2 ba1 ri4 dao4 chong2 qing4.' }]);
    });
  });
}
