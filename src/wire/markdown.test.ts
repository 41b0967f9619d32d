import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { WireParseError } from './errors.js';
import { parseFrontMatter } from './front-matter.js';
import { parseMarkdown } from './markdown.js';
import { parseWireFile } from './wire.js';

const NOW = new Date('2025-03-20T04:00:00Z');
const path = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const parse = (name: string) => parseWireFile(path(name), { referenceDate: NOW });
const options = { referenceDate: '2025-03-20', section: null, status: 'published' as const };

describe('Markdown with front matter', () => {
  it('20-story.md: every front-matter field reaches the article', async () => {
    const { article, report } = await parse('20-story.md');
    assert.equal(article.sourceKey, 'wire-test-020');
    assert.equal(article.title, '青禾市湿地公园观鸟季开幕 今年记录鸟类一百六十种');
    assert.equal(article.subtitle, '志愿者连续五年开展冬季鸟类调查');
    assert.equal(article.summary, '青禾市湿地公园观鸟季今天开幕，今年共记录鸟类一百六十种，比去年增加十二种。');
    assert.equal(article.section, 'city');
    assert.deepEqual(article.tags, ['生态', '湿地', '观鸟']);
    assert.deepEqual(article.dateline, { source: '华文新闻网', date: '2025-03-02', place: '青禾', kind: '讯' });
    assert.deepEqual(article.byline, { reporters: ['沈书言', '顾晓彤'], reportType: '综合报导', place: null });
    assert.equal(article.editor, '周明哲');
    assert.equal(article.status, 'published');
    assert.equal(article.publishedAt, '2025-03-02T01:30:00.000Z');
    assert.equal(article.updatedAt, null);
    assert.equal(article.sourceScript, 'zh-Hans');
    assert.deepEqual(article.related, ['青禾市启动春季植树活动', '青禾市跨江大桥今日通车 两岸通勤缩短至十分钟']);
    assert.deepEqual(report.subheadings, ['志愿者调查', '开放安排']);
    assert.equal(report.paragraphs, 2);
    assert.deepEqual(report.warnings, []);
    assert.deepEqual(report.dropped, []);
  });

  it('20-story.md: headings, quotes and lists map to body blocks; bold and links become spans', async () => {
    const { article } = await parse('20-story.md');
    assert.deepEqual(article.body, [
      {
        type: 'paragraph',
        text: '青禾市湿地公园观鸟季今天开幕。据公园管理处介绍，今年冬季共记录鸟类一百六十种，比去年增加十二种，其中包括三种首次在本地记录的候鸟。',
        spans: [
          { text: '青禾市湿地公园' },
          { text: '观鸟季', bold: true },
          { text: '今天开幕。据公园管理处介绍，今年冬季共记录鸟类一百六十种，比去年增加十二种，其中包括三种首次在本地记录的' },
          { text: '候鸟', href: 'https://example.org/birds' },
          { text: '。' },
        ],
      },
      { type: 'subheading', text: '志愿者调查' },
      { type: 'paragraph', text: '过去五年，一支由退休教师和大学生组成的志愿者队伍每月两次进入湿地开展调查。' },
      { type: 'quote', text: '数据越积越多，我们才能看清湿地的变化。', cite: '志愿者队长 陆文清' },
      { type: 'subheading', text: '开放安排' },
      { type: 'list', ordered: false, items: ['观鸟季期间每天开放至下午六点', '周末提供免费讲解'] },
      { type: 'list', ordered: true, items: ['入园须提前预约', '请勿投喂野生鸟类'] },
    ]);
  });

  it('23-html.md: raw HTML dropped with a warning, unknown key warned, Traditional detected', async () => {
    const { article, report } = await parse('23-html.md');
    assert.equal(article.sourceScript, 'zh-Hant');
    assert.match(article.sourceKey, /^md:[0-9a-f]{32}$/);
    assert.deepEqual(article.dateline, { source: '華文新聞網', date: '2025-02-12', place: '臺南', kind: '讯' });
    assert.deepEqual(article.byline.reporters, ['蔡佳穎', '吳俊賢']);
    assert.deepEqual(article.tags, ['燈會']);
    assert.equal(report.dropped.length, 1);
    assert.match(report.dropped[0] ?? '', /^<div class="ad-banner">/);
    assert.ok(!JSON.stringify(article.body).includes('<'), 'no markup survives in the body');
    assert.ok(!JSON.stringify(article.body).includes('廣告'), 'text inside a dropped HTML block is dropped too');
    assert.deepEqual(article.body[1], { type: 'paragraph', text: '主辦單位表示，今年的花燈全部由在地工藝師與學生共同製作，展期至本月底。' });
    assert.deepEqual(report.warnings.slice(0, 2), [
      'line 10: 未知的 front matter 字段“mood”已忽略 (unknown front matter key "mood" ignored)',
      'line 15: 原始 HTML 已丢弃 (raw HTML block dropped)',
    ]);
    assert.ok(report.warnings.some((w) => w.includes('inline HTML tags removed')));
  });

  it('21-bad-front-matter.md: a wrong type is an error at its line', async () => {
    await assert.rejects(parse('21-bad-front-matter.md'), (e: unknown) => {
      assert.ok(e instanceof WireParseError);
      assert.equal(e.line, 5);
      assert.match(e.message, /21-bad-front-matter\.md:5: .*reporters: expected a list of names/);
      return true;
    });
  });

  it('lists every bad field, reporting the first line', () => {
    assert.throws(
      () => parseMarkdown('---\ntitle: 标题\nstatus: live\ndateline: { source: 本网, date: 2025-02-30 }\n---\n正文。\n', options),
      (e: unknown) => {
        assert.ok(e instanceof Error && 'line' in e);
        assert.equal(e.line, 3);
        assert.match(e.message, /status: .*; line 4: dateline\.date: expected a date/);
        return true;
      },
    );
  });

  it('requires a title, and reports bad YAML and unclosed front matter by line', () => {
    assert.throws(() => parseMarkdown('---\nsubtitle: 副题\n---\n正文。\n', options), /line 1: .*title: required/);
    assert.throws(() => parseMarkdown('---\ntitle: 标题\ntags: [甲\n---\n正文。\n', options), /line \d: front matter 不是有效的 YAML/);
    assert.throws(() => parseMarkdown('---\ntitle: 标题\n正文。\n', options), /line 1: .*never closed/);
  });

  it('accepts YAML dates as Date objects as well as strings', () => {
    const { data } = parseFrontMatter(
      '%YAML 1.1\n---\ntitle: 标题\ndateline: { source: 本网, date: 2026-11-20 }\npublishedAt: 2026-11-20T09:30:00+08:00\n',
      2,
    );
    assert.equal(data.dateline?.date, '2026-11-20');
    assert.equal(data.publishedAt, '2026-11-20T01:30:00.000Z');
  });

  it('without front matter, takes the title from the first heading and the dateline from the text', () => {
    const { article } = parseMarkdown('# 无前言的标题\n\n【本网2025年3月1日讯】（本网记者林晓雯报导）第一段。\n\n第二段。（责任编辑：王五）\n', options);
    assert.equal(article.title, '无前言的标题');
    assert.deepEqual(article.dateline, { source: '本网', date: '2025-03-01', place: null, kind: '讯' });
    assert.deepEqual(article.byline.reporters, ['林晓雯']);
    assert.equal(article.editor, '王五');
    assert.deepEqual(article.body, [
      { type: 'paragraph', text: '第一段。' },
      { type: 'paragraph', text: '第二段。' },
    ]);
  });

  it('**bold**, *italic*, _italic_ and [text](url) become spans in paragraphs, quotes and list items', () => {
    const md = [
      '# 标题',
      '',
      '市政府**今天**宣布*新*方案，_详见_[官网](https://example.org/a?b=1&amp;c=2 "标题")与<https://example.org/b>，',
      '另见[往期报道](/tag/城市)；[***都有***](mailto:desk@example.org)。',
      '',
      '> 要让**住户**都满意。',
      '> —— 某主任',
      '',
      '- 普通一项',
      '- **重点**一项',
      '',
    ].join('\n');
    const { article, report } = parseMarkdown(md, options);
    assert.deepEqual(article.body, [
      {
        type: 'paragraph',
        text: '市政府今天宣布新方案，详见官网与https://example.org/b，另见往期报道；都有。',
        spans: [
          { text: '市政府' },
          { text: '今天', bold: true },
          { text: '宣布' },
          { text: '新', italic: true },
          { text: '方案，' },
          { text: '详见', italic: true },
          { text: '官网', href: 'https://example.org/a?b=1&c=2' },
          { text: '与' },
          { text: 'https://example.org/b', href: 'https://example.org/b' },
          { text: '，另见' },
          { text: '往期报道', href: '/tag/城市' },
          { text: '；' },
          { text: '都有', bold: true, italic: true, href: 'mailto:desk@example.org' },
          { text: '。' },
        ],
      },
      { type: 'quote', text: '要让住户都满意。', spans: [{ text: '要让' }, { text: '住户', bold: true }, { text: '都满意。' }], cite: '某主任' },
      { type: 'list', ordered: false, items: ['普通一项', '重点一项'], itemSpans: [null, [{ text: '重点', bold: true }, { text: '一项' }]] },
    ]);
    assert.deepEqual(report.warnings.filter((w) => w.includes('链接')), []);
  });

  it('keeps the text of links with unsafe targets and of bare URLs, warning about the unsafe ones', () => {
    const md = '# 标题\n\n点[这里](javascript:alert(1))或[那里](//evil.example)，网址 https://example.org/a 不变。\n';
    const { article, report } = parseMarkdown(md, options);
    assert.deepEqual(article.body, [{ type: 'paragraph', text: '点这里或那里，网址 https://example.org/a 不变。' }]);
    assert.deepEqual(
      report.warnings.filter((w) => w.includes('链接')),
      ['链接地址不安全，按纯文本导入 (unsafe link target kept as text: javascript:alert(1))', '链接地址不安全，按纯文本导入 (unsafe link target kept as text: //evil.example)'],
    );
  });

  it('keeps marks when the printed dateline and the editor tail are cut from the text', () => {
    const md = '# 标题\n\n【本网2025年3月1日讯】（本网记者林晓雯报导）**第一段**正文。\n\n第二段[链接](/a)。（责任编辑：王五）\n';
    const { article } = parseMarkdown(md, options);
    assert.deepEqual(article.body, [
      { type: 'paragraph', text: '第一段正文。', spans: [{ text: '第一段', bold: true }, { text: '正文。' }] },
      { type: 'paragraph', text: '第二段链接。', spans: [{ text: '第二段' }, { text: '链接', href: '/a' }, { text: '。' }] },
    ]);
    assert.equal(article.editor, '王五');
  });

  it('--section overrides the front matter and --draft the status', async () => {
    const { article } = await parseWireFile(path('20-story.md'), { referenceDate: NOW, section: 'world', draft: true });
    assert.equal(article.section, 'world');
    assert.equal(article.status, 'draft');
  });
});
