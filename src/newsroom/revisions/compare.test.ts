import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../platform/errors.js';
import { compareSnapshots } from './compare.js';
import { bodyCharacterCount, bodyToText, parseSnapshot, toSnapshot, type RevisionSnapshot } from './snapshot.js';

/** A complete snapshot; override any field. */
function snapshot(overrides: Partial<RevisionSnapshot> = {}): RevisionSnapshot {
  return {
    title: '市政府今天宣布新政',
    subtitle: null,
    summary: '新政自下月起施行。',
    body: [
      { type: 'paragraph', text: '市政府今天宣布一项新政。' },
      { type: 'subheading', text: '背景' },
      { type: 'list', ordered: false, items: ['第一条', '第二条'] },
    ],
    section: 'china',
    tags: ['政策', '本地'],
    dateline: { source: '本网', date: '2025-03-18', place: '北京', kind: '讯' },
    byline: { reporters: ['张明'], reportType: '报导', place: null },
    editor: '李华',
    related: [],
    seoTitle: null,
    seoDescription: null,
    ...overrides,
  };
}

describe('revision snapshots', () => {
  it('renders the body one block per line, with ## for subheadings and - for list items', () => {
    const text = bodyToText([
      { type: 'paragraph', text: '第一段。' },
      { type: 'subheading', text: '小标题' },
      { type: 'list', ordered: true, items: ['甲', '乙'] },
      { type: 'quote', text: '引语。', cite: '某发言人' },
    ]);
    assert.equal(text, '第一段。\n## 小标题\n- 甲\n- 乙\n> 引语。——某发言人');
  });

  it('writes inline marks out in the body text, so they take part in the diff', () => {
    const text = bodyToText([
      { type: 'paragraph', text: '市政府今天宣布。', spans: [{ text: '市政府' }, { text: '今天', bold: true }, { text: '宣布', href: '/tag/政策' }, { text: '。' }] },
      { type: 'quote', text: '引语。', spans: [{ text: '引语', italic: true }, { text: '。' }], cite: '某发言人' },
      { type: 'list', ordered: false, items: ['甲', '乙'], itemSpans: [null, [{ text: '乙', bold: true }]] },
    ]);
    assert.equal(text, '市政府**今天**[宣布](/tag/政策)。\n> *引语*。——某发言人\n- 甲\n- **乙**');
  });

  it('keeps spans in stored snapshots (a restore brings the marks back)', () => {
    const body: RevisionSnapshot['body'] = [
      { type: 'paragraph', text: '粗体', spans: [{ text: '粗', bold: true }, { text: '体' }] },
      { type: 'list', ordered: true, items: ['一'], itemSpans: [[{ text: '一', href: 'https://example.org' }]] },
    ];
    assert.deepEqual(toSnapshot(snapshot({ body })).body, body);
    assert.deepEqual(parseSnapshot(JSON.stringify(snapshot({ body })), { articleId: 1, version: 2 }).body, body);
  });

  it('counts body characters without whitespace', () => {
    assert.equal(bodyCharacterCount([{ type: 'paragraph', text: '𠮷野 家\n' }, { type: 'list', ordered: false, items: ['甲乙'] }]), 5);
  });

  it('drops unknown keys when stored and fills fields missing from old snapshots when read', () => {
    const stored = toSnapshot({ ...snapshot(), status: 'published' } as RevisionSnapshot);
    assert.equal('status' in stored, false);
    const old = parseSnapshot(JSON.stringify({ title: '旧稿', body: [], section: 'top' }), { articleId: 1, version: 1 });
    assert.deepEqual(old, {
      title: '旧稿',
      subtitle: null,
      summary: null,
      body: [],
      section: 'top',
      tags: [],
      dateline: null,
      byline: { reporters: [], reportType: null, place: null },
      editor: null,
      related: [],
      seoTitle: null,
      seoDescription: null,
    });
  });

  it('reports a damaged snapshot as a 500 naming the revision', () => {
    for (const json of ['{not json', '{"title": 3}']) {
      assert.throws(() => parseSnapshot(json, { articleId: 9, version: 4 }), (e: unknown) => {
        assert.ok(e instanceof AppError);
        assert.equal(e.status, 500);
        assert.equal(e.code, 'revision_unreadable');
        assert.match(e.message, /article 9 revision 4/);
        return true;
      });
    }
  });
});

describe('compareSnapshots', () => {
  it('finds no change between equal snapshots', () => {
    const c = compareSnapshots(snapshot(), snapshot());
    assert.deepEqual(c.changedFields, []);
    assert.deepEqual(c.title, [{ op: 'equal', text: '市政府今天宣布新政' }]);
  });

  it('diffs prose by character, lists by item and the rest as before/after', () => {
    const before = snapshot();
    const after = snapshot({
      title: '市政府昨天正式宣布新政',
      subtitle: '涉及三方面',
      body: [
        { type: 'paragraph', text: '市政府昨天正式宣布一项新政。' },
        { type: 'subheading', text: '背景' },
        { type: 'list', ordered: false, items: ['第一条', '第三条'] },
      ],
      tags: ['本地', '民生'],
      related: ['相关报道'],
      section: 'top',
      editor: '王芳',
    });
    const c = compareSnapshots(before, after);
    assert.deepEqual(c.changedFields, ['title', 'subtitle', 'body', 'tags', 'related', 'section', 'editor']);
    assert.deepEqual(c.title, [
      { op: 'equal', text: '市政府' },
      { op: 'delete', text: '今天' },
      { op: 'insert', text: '昨天正式' },
      { op: 'equal', text: '宣布新政' },
    ]);
    assert.deepEqual(c.subtitle, [{ op: 'insert', text: '涉及三方面' }]);
    assert.deepEqual(c.body, [
      { op: 'equal', text: '市政府' },
      { op: 'delete', text: '今天' },
      { op: 'insert', text: '昨天正式' },
      { op: 'equal', text: '宣布一项新政。\n## 背景\n- 第一条\n- 第' },
      { op: 'delete', text: '二' },
      { op: 'insert', text: '三' },
      { op: 'equal', text: '条' },
    ]);
    assert.deepEqual(c.tags, { added: ['民生'], removed: ['政策'], reordered: false });
    assert.deepEqual(c.related, { added: ['相关报道'], removed: [], reordered: false });
    assert.deepEqual(c.section, { before: 'china', after: 'top', changed: true });
    assert.deepEqual(c.editor, { before: '李华', after: '王芳', changed: true });
    assert.equal(c.dateline.changed, false);
  });

  it('shows a word made bold or a changed link, which the plain text alone would hide', () => {
    const plain = snapshot({ body: [{ type: 'paragraph', text: '请看官网。', spans: [{ text: '请看' }, { text: '官网', href: 'https://example.org/a' }, { text: '。' }] }] });
    const marked = snapshot({
      body: [{ type: 'paragraph', text: '请看官网。', spans: [{ text: '请看', bold: true }, { text: '官网', href: 'https://example.org/b' }, { text: '。' }] }],
    });
    const c = compareSnapshots(plain, marked);
    assert.deepEqual(c.changedFields, ['body']);
    assert.deepEqual(c.body, [
      // A short equal run between two changes is folded into them, as for any text.
      { op: 'delete', text: '请看' },
      { op: 'insert', text: '**请看**' },
      { op: 'equal', text: '[官网](https://example.org/' },
      { op: 'delete', text: 'a' },
      { op: 'insert', text: 'b' },
      { op: 'equal', text: ')。' },
    ]);
  });

  it('notices reordered tags and block changes the text does not show', () => {
    const c = compareSnapshots(
      snapshot(),
      snapshot({
        tags: ['本地', '政策'],
        body: [
          { type: 'paragraph', text: '市政府今天宣布一项新政。' },
          { type: 'subheading', text: '背景' },
          { type: 'list', ordered: true, items: ['第一条', '第二条'] },
        ],
      }),
    );
    assert.deepEqual(c.tags, { added: [], removed: [], reordered: true });
    assert.deepEqual(c.changedFields, ['body', 'tags']);
  });
});
