import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Article, BodyBlock } from '../articles/model.js';
import { pieceConverter, readableBlocks } from './readable-blocks.js';

function article(body: BodyBlock[], changes: Partial<Article> = {}): Article {
  return {
    id: 7,
    sourceKey: null,
    title: '城郊新线路今日开通',
    subtitle: '副题不读',
    summary: '摘要不读。',
    body,
    section: { id: 1, slug: 'china', name: '中国', position: 1 },
    tags: ['交通'],
    dateline: { source: '本网', date: '2025-03-18', place: null, kind: '讯' },
    byline: { reporters: [{ id: 3, displayName: '张三', role: 'reporter' }], reportType: '综合报导', place: null },
    editor: { id: 4, displayName: '李华', role: 'editor' },
    status: 'published',
    publishedAt: '2025-03-18T01:30:00.000Z',
    updatedAt: '2025-03-18T01:30:00.000Z',
    createdAt: '2025-03-18T01:00:00.000Z',
    sourceScript: 'zh-Hans',
    related: [],
    corrections: [],
    ...changes,
  };
}

const BODY: BodyBlock[] = [
  { type: 'paragraph', text: '新线路全长12公里，共设8座车站。' },
  { type: 'image', mediaId: 1, alt: '列车', caption: '图片说明不读', credit: '摄影：某人' },
  { type: 'subheading', text: '沿线居民' },
  {
    type: 'paragraph',
    text: '居民说，出行方便多了。',
    spans: [{ text: '居民说，' }, { text: '出行方便', bold: true }, { text: '多了。', href: 'https://example.org/' }],
  },
  { type: 'quote', text: '我们等了很多年。', cite: '一位居民' },
  { type: 'list', ordered: false, items: ['早班车六点发车', '末班车十一点'], itemSpans: [null, [{ text: '末班车' }, { text: '十一点', italic: true }]] },
];

describe('readableBlocks', () => {
  it('reads the title, the lede with the dateline and byline as shown, then paragraphs, subheadings, quotes and list items in order', () => {
    assert.deepEqual(readableBlocks(article(BODY), '本网'), [
      { text: '城郊新线路今日开通' },
      {
        text: '【本网2025年03月18日讯】（本网记者张三综合报导）新线路全长12公里，共设8座车站。',
        spoken: '本网2025年03月18日讯。本网记者张三综合报导。新线路全长12公里，共设8座车站。',
      },
      { text: '沿线居民' },
      { text: '居民说，出行方便多了。' },
      { text: '我们等了很多年。' },
      { text: '早班车六点发车' },
      { text: '末班车十一点' },
    ]);
  });

  it('leaves out the subtitle, summary, captions, credits, the quote cite and 责任编辑', () => {
    const all = readableBlocks(article(BODY), '本网')
      .map((b) => b.text)
      .join('|');
    for (const unread of ['副题不读', '摘要不读', '图片说明不读', '摄影', '一位居民', '李华', '交通']) assert.ok(!all.includes(unread), unread);
  });

  it('reads a wire dispatch dateline and several reporters naturally, keeping the clause marks of the shown form', () => {
    const blocks = readableBlocks(
      article([{ type: 'paragraph', text: '会谈持续两小时。' }], {
        dateline: { source: '东亚通讯社', date: '2025-03-18', place: '东京', kind: '电' },
        byline: {
          reporters: [
            { id: 3, displayName: '张三', role: 'reporter' },
            { id: 5, displayName: '李四', role: 'reporter' },
          ],
          reportType: null,
          place: null,
        },
      }),
      '本网',
    );
    assert.deepEqual(blocks[1], { text: '东亚通讯社东京3月18日电（记者张三、李四）会谈持续两小时。', spoken: '东亚通讯社东京3月18日电。记者张三、李四。会谈持续两小时。' });
  });

  it('makes the lede its own block when the body does not open with a paragraph, and leaves out an empty one', () => {
    const body: BodyBlock[] = [{ type: 'subheading', text: '开篇' }, { type: 'paragraph', text: '正文。' }];
    assert.deepEqual(readableBlocks(article(body), '本网'), [
      { text: '城郊新线路今日开通' },
      { text: '【本网2025年03月18日讯】（本网记者张三综合报导）', spoken: '本网2025年03月18日讯。本网记者张三综合报导。' },
      { text: '开篇' },
      { text: '正文。' },
    ]);
    const bare = article(body, { dateline: null, byline: { reporters: [], reportType: null, place: null } });
    assert.deepEqual(readableBlocks(bare, '本网'), [{ text: '城郊新线路今日开通' }, { text: '开篇' }, { text: '正文。' }]);
  });

  it('uses the outlet short name for a byline without a dateline, as the page does', () => {
    const blocks = readableBlocks(article([{ type: 'paragraph', text: '正文。' }], { dateline: null }), '华文网');
    assert.deepEqual(blocks[1], { text: '（华文网记者张三综合报导）正文。', spoken: '华文网记者张三综合报导。正文。' });
  });

  it('converts each piece the page renders between tags on its own, non-ASCII runs only, as the edition conversion does', () => {
    const mark = pieceConverter((run) => `<${run}>`);
    const blocks = readableBlocks(article(BODY.slice(0, 4)), '本网', mark);
    assert.equal(blocks[0]?.text, '<城郊新线路今日开通>');
    // The dateline span, the byline's prefix, its name link and its suffix, then the paragraph with its ASCII digits.
    assert.equal(blocks[1]?.text, '<【本网>2025<年>03<月>18<日讯】><（本网记者><张三><综合报导）><新线路全长>12<公里，共设>8<座车站。>');
    assert.equal(blocks[1]?.spoken, '<本网>2025<年>03<月>18<日讯>。<本网记者><张三><综合报导>。<新线路全长>12<公里，共设>8<座车站。>');
    // Unmarked spans side by side are one run on the page; a marked span is its own.
    assert.equal(blocks[3]?.text, '<居民说，><出行方便><多了。>');
  });
});
