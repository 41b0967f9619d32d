import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BodyBlock } from '../../../articles/model.js';
import { blocksText, blocksToDoc, docToBlocks, type DocNode } from './blocks.js';

const body: BodyBlock[] = [
  { type: 'paragraph', text: '市住房和城乡建设委员会今天上午召开新闻发布会。' },
  { type: 'subheading', text: '补贴比例提高至四成' },
  { type: 'list', ordered: false, items: ['市、区两级财政按六比四承担；', '纳入专项债券支持范围；'] },
  { type: 'list', ordered: true, items: ['第一步', '第二步'] },
  { type: 'quote', text: '我们希望把“一事一议”变成“有章可循”。', cite: '市住建委副主任陈建国' },
  { type: 'quote', text: '第一段引语\n第二段引语' },
  { type: 'image', mediaId: 12, alt: '工人在老旧小区加装电梯', caption: '西城区某小区的加装工地。', credit: '本网记者 张明 摄' },
  { type: 'image', mediaId: 13, alt: '电梯', caption: null, credit: null },
  { type: 'paragraph', text: '最后一段。' },
];

describe('Tiptap ⇄ body blocks', () => {
  it('round-trips every block kind', () => {
    assert.deepEqual(docToBlocks(blocksToDoc(body)), body);
  });

  it('writes subheadings as h2, lists as list items and a quote source as a —— paragraph', () => {
    const doc = blocksToDoc(body);
    assert.deepEqual(doc.content?.[1], { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '补贴比例提高至四成' }] });
    assert.equal(doc.content?.[2]?.type, 'bulletList');
    assert.equal(doc.content?.[3]?.type, 'orderedList');
    assert.deepEqual(doc.content?.[4]?.content?.[1], { type: 'paragraph', content: [{ type: 'text', text: '——市住建委副主任陈建国' }] });
  });

  it('gives an empty body one empty paragraph (Tiptap needs a block) and reads it back as no blocks', () => {
    const doc = blocksToDoc([]);
    assert.deepEqual(doc, { type: 'doc', content: [{ type: 'paragraph', content: [] }] });
    assert.deepEqual(docToBlocks(doc), []);
  });

  it('reads what editing produces: empty paragraphs dropped, text trimmed, any heading a subheading', () => {
    const doc: DocNode = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '  第一段  ' }] },
        { type: 'paragraph' },
        { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: '小标题' }] },
        { type: 'paragraph', content: [{ type: 'text', text: '加粗', marks: [{ type: 'bold' }] }, { type: 'text', text: '的字' }] },
        { type: 'paragraph', content: [{ type: 'text', text: '换' }, { type: 'hardBreak' }, { type: 'text', text: '行' }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] },
      ],
    };
    assert.deepEqual(docToBlocks(doc), [
      { type: 'paragraph', text: '第一段' },
      { type: 'subheading', text: '小标题' },
      { type: 'paragraph', text: '加粗的字', spans: [{ text: '加粗', bold: true }, { text: '的字' }] },
      { type: 'paragraph', text: '换\n行' },
    ]);
  });

  it('round-trips bold, italic and links in paragraphs, quotes and list items', () => {
    const marked: BodyBlock[] = [
      {
        type: 'paragraph',
        text: '市政府今天宣布，详见官网。\n另起一行',
        spans: [{ text: '市政府' }, { text: '今天', bold: true }, { text: '宣布，详见' }, { text: '官网', href: 'https://example.org/a', italic: true }, { text: '。\n另起一行' }],
      },
      { type: 'quote', text: '第一段引语\n第二段引语', spans: [{ text: '第一段', bold: true }, { text: '引语\n第二段' }, { text: '引语', italic: true }], cite: '某人' },
      { type: 'list', ordered: true, items: ['甲项', '乙项'], itemSpans: [null, [{ text: '乙', href: '/tag/城市' }, { text: '项' }]] },
    ];
    assert.deepEqual(docToBlocks(blocksToDoc(marked)), marked);
  });

  it('writes spans as marked text nodes and line breaks as hard breaks', () => {
    const doc = blocksToDoc([{ type: 'paragraph', text: '粗体\n链接', spans: [{ text: '粗体\n', bold: true }, { text: '链接', href: '/a', italic: true }] }]);
    assert.deepEqual(doc.content?.[0], {
      type: 'paragraph',
      content: [
        { type: 'text', text: '粗体', marks: [{ type: 'bold' }] },
        { type: 'hardBreak' },
        { type: 'text', text: '链接', marks: [{ type: 'italic' }, { type: 'link', attrs: { href: '/a' } }] },
      ],
    });
  });

  it('reads marks as Tiptap writes them: link attributes beyond href ignored, marks in headings dropped, edges trimmed', () => {
    const link = { type: 'link', attrs: { href: 'https://example.org', target: null, rel: 'noopener', class: null } };
    const doc: DocNode = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '小标题', marks: [{ type: 'bold' }] }] },
        { type: 'paragraph', content: [{ type: 'text', text: '  看', marks: [{ type: 'bold' }] }, { type: 'text', text: '这里 ', marks: [link, { type: 'strike' }] }] },
        { type: 'paragraph', content: [{ type: 'text', text: '无链接', marks: [{ type: 'link', attrs: { href: '' } }] }] },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '普通' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '斜体', marks: [{ type: 'italic' }] }] }] },
          ],
        },
      ],
    };
    assert.deepEqual(docToBlocks(doc), [
      { type: 'subheading', text: '小标题' },
      { type: 'paragraph', text: '看这里', spans: [{ text: '看', bold: true }, { text: '这里', href: 'https://example.org' }] },
      { type: 'paragraph', text: '无链接' },
      { type: 'list', ordered: false, items: ['普通', '斜体'], itemSpans: [null, [{ text: '斜体', italic: true }]] },
    ]);
  });

  it('keeps a quote whose only paragraph starts with —— as text, not as a source', () => {
    const doc: DocNode = { type: 'doc', content: [{ type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: '——只有出处' }] }] }] };
    assert.deepEqual(docToBlocks(doc), [{ type: 'quote', text: '——只有出处' }]);
  });

  it('flattens nested list items into the list', () => {
    const item = (text: string, nested?: DocNode): DocNode => ({
      type: 'listItem',
      content: [{ type: 'paragraph', content: [{ type: 'text', text }] }, ...(nested ? [nested] : [])],
    });
    const doc: DocNode = { type: 'doc', content: [{ type: 'bulletList', content: [item('甲', { type: 'bulletList', content: [item('乙')] }), item('丙')] }] };
    assert.deepEqual(docToBlocks(doc), [{ type: 'list', ordered: false, items: ['甲', '乙', '丙'] }]);
  });

  it('writes an image as an image node with its text, and reads blank caption and credit as null', () => {
    const doc = blocksToDoc([{ type: 'image', mediaId: 7, alt: '电梯', caption: null, credit: '本网' }]);
    assert.deepEqual(doc.content?.[0], { type: 'image', attrs: { mediaId: 7, alt: '电梯', caption: null, credit: '本网' } });
    const edited: DocNode = { type: 'doc', content: [{ type: 'image', attrs: { mediaId: 7, alt: ' 电梯 ', caption: '  ', credit: '本网' } }] };
    assert.deepEqual(docToBlocks(edited), [{ type: 'image', mediaId: 7, alt: '电梯', caption: null, credit: '本网' }]);
  });

  it('carries blocks it has no editing UI for through untouched, in place', () => {
    const future = { type: 'video', mediaId: 7 } as unknown as BodyBlock;
    const withFuture: BodyBlock[] = [{ type: 'paragraph', text: '前' }, future, { type: 'paragraph', text: '后' }];
    const doc = blocksToDoc(withFuture);
    assert.deepEqual(doc.content?.[1], { type: 'preservedBlock', attrs: { block: future } });
    assert.deepEqual(docToBlocks(doc), withFuture);
  });

  it('gives the text that counts and reading time use', () => {
    assert.equal(blocksText([{ type: 'quote', text: '引', cite: '某' }, { type: 'list', ordered: false, items: ['一', '二'] }]), '引\n某\n一\n二');
  });
});
