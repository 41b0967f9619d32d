import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../platform/errors.js';
import { validateEditableContent } from './article.schema.js';

const content = (body: unknown[]) => ({
  title: '标题',
  subtitle: null,
  summary: null,
  body,
  section: 'china',
  tags: [],
  dateline: null,
  byline: { reporters: [], reportType: null, place: null },
  related: [],
  seoTitle: null,
  seoDescription: null,
});

/** The details of the ValidationError the body raises. */
function problems(body: unknown[]): string[] {
  try {
    validateEditableContent(content(body));
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    return error.details ?? [];
  }
  assert.fail('expected a ValidationError');
}

describe('body spans in the article schema', () => {
  it('accepts bold, italic and links on paragraphs, quotes and list items', () => {
    const { body } = validateEditableContent(
      content([
        { type: 'paragraph', text: '市政府今天宣布。', spans: [{ text: '市政府' }, { text: '今天', bold: true }, { text: '宣布', href: 'https://example.org/a' }, { text: '。' }] },
        { type: 'quote', text: '一句话', spans: [{ text: '一句', italic: true }, { text: '话' }], cite: '某人' },
        { type: 'list', ordered: false, items: ['甲项', '乙项'], itemSpans: [null, [{ text: '乙', href: '/tag/城市' }, { text: '项' }]] },
      ]),
    );
    assert.deepEqual(body, [
      { type: 'paragraph', text: '市政府今天宣布。', spans: [{ text: '市政府' }, { text: '今天', bold: true }, { text: '宣布', href: 'https://example.org/a' }, { text: '。' }] },
      { type: 'quote', text: '一句话', spans: [{ text: '一句', italic: true }, { text: '话' }], cite: '某人' },
      { type: 'list', ordered: false, items: ['甲项', '乙项'], itemSpans: [null, [{ text: '乙', href: '/tag/城市' }, { text: '项' }]] },
    ]);
  });

  it('normalises: spans that mark nothing are dropped, neighbours merged, edges trimmed with the text', () => {
    const { body } = validateEditableContent(
      content([
        { type: 'paragraph', text: ' 纯文字 ', spans: [{ text: ' 纯' }, { text: '文字 ', bold: false }] },
        { type: 'paragraph', text: '粗体字', spans: [{ text: '粗', bold: true }, { text: '' }, { text: '体', bold: true }, { text: '字' }] },
        { type: 'list', ordered: true, items: ['一'], itemSpans: [[{ text: '一' }]] },
      ]),
    );
    assert.deepEqual(body, [
      { type: 'paragraph', text: '纯文字' },
      { type: 'paragraph', text: '粗体字', spans: [{ text: '粗体', bold: true }, { text: '字' }] },
      { type: 'list', ordered: true, items: ['一'] },
    ]);
  });

  it('refuses spans that do not spell out the text, naming the block', () => {
    const [problem, ...rest] = problems([
      { type: 'paragraph', text: '第一段' },
      { type: 'paragraph', text: '市政府今天宣布', spans: [{ text: '市政府' }, { text: '昨天', bold: true }, { text: '宣布' }] },
    ]);
    assert.deepEqual(rest, []);
    assert.equal(problem, 'body.1.spans: 正文第 2 块（段落）的格式片段连起来须与正文文字完全相同');
    assert.deepEqual(problems([{ type: 'list', ordered: false, items: ['甲', '乙'], itemSpans: [[{ text: '丙', bold: true }], null] }]), [
      'body.0.itemSpans.0: 正文第 1 块（列表）第 1 项的格式片段连起来须与该项文字完全相同',
    ]);
    assert.deepEqual(problems([{ type: 'list', ordered: false, items: ['甲', '乙'], itemSpans: [null] }]), ['body.0.itemSpans: 正文第 1 块（列表）的 itemSpans 须与 items 一一对应']);
  });

  it('refuses unsafe link targets with a field error in Chinese', () => {
    for (const href of ['javascript:alert(1)', 'data:text/html,x', '//evil.example', 'https://example.org/\u0007', 'ftp://example.org']) {
      const details = problems([{ type: 'paragraph', text: '点这里', spans: [{ text: '点这里', href }] }]);
      assert.equal(details.length, 1, href);
      assert.match(details[0] ?? '', /^body\.0\.spans\.0\.href: 链接地址须以 https:\/\/、http:\/\/、mailto: 或 \/ 开头/, href);
    }
    assert.match(problems([{ type: 'paragraph', text: '长', spans: [{ text: '长', href: `https://example.org/${'a'.repeat(2_000)}` }] }])[0] ?? '', /不能超过 2000 个字符/);
  });

  it('keeps subheadings plain: spans there are not stored', () => {
    const { body } = validateEditableContent(content([{ type: 'subheading', text: '小标题', spans: [{ text: '小标题', bold: true }] }]));
    assert.deepEqual(body, [{ type: 'subheading', text: '小标题' }]);
  });
});
