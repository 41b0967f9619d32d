import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { WireParseError } from './errors.js';
import { parsePlainText } from './plain-text.js';
import type { WireReport } from './report.js';
import { parseWireFile } from './wire.js';

/** Every fixture is read as of 2025-03-20, noon in Shanghai. */
const NOW = new Date('2025-03-20T04:00:00Z');
const path = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const parse = (name: string) => parseWireFile(path(name), { referenceDate: NOW });

type Expected = Omit<WireReport, 'warnings'> & { warnings: RegExp[] };

const base: Omit<Expected, 'title' | 'date' | 'reporters' | 'paragraphs'> = {
  place: null,
  outlet: '本网',
  datelineKind: '讯',
  reportType: '报导',
  editor: '周明哲',
  subheadings: [],
  related: [],
  dropped: [],
  warnings: [],
};

const EXPECTED: Record<string, Expected> = {
  '01-xun-basic.txt': {
    ...base,
    title: '青禾市跨江大桥今日通车 两岸通勤缩短至十分钟',
    date: '2025-03-18',
    reporters: ['林晓雯', '陈志远'],
    reportType: '综合报导',
    paragraphs: 3,
  },
  '02-xun-place.txt': {
    ...base,
    title: '台北社区图书馆推出夜间自习区 开放至晚上十一点',
    date: '2025-03-18',
    place: '台北',
    outlet: '华文新闻网',
    reporters: ['张雅琳'],
    editor: '许文杰',
    paragraphs: 3,
  },
  '03-dian-with-year.txt': {
    ...base,
    title: '东京湾沿岸城市联合举行海啸疏散演练',
    date: '2025-03-17',
    place: '东京',
    outlet: '东亚通讯社',
    datelineKind: '电',
    reporters: ['王晨曦'],
    reportType: null,
    editor: '刘思远',
    paragraphs: 3,
    dropped: ['（完）'],
  },
  '04-dian-no-year.txt': {
    ...base,
    title: '北方多地迎来入春后首场降雨',
    date: '2025-03-18',
    place: '北京',
    outlet: '星海通讯社',
    datelineKind: '电',
    reporters: ['赵一鸣', '孙悦'],
    reportType: null,
    editor: '马静怡',
    paragraphs: 3,
    warnings: [/^line 2: .*dateline has no year; took 2025/],
  },
  '05-no-dateline.txt': {
    ...base,
    title: '青禾市公布今年十项民生实事',
    date: null,
    outlet: null,
    datelineKind: null,
    reporters: [],
    reportType: null,
    paragraphs: 3,
    warnings: [/no dateline found/, /no byline found/],
  },
  '06-halfwidth.txt': {
    ...base,
    title: '青禾市首条无人驾驶公交线路开始试运营',
    date: '2025-03-18',
    reporters: ['何嘉欣'],
    reportType: null,
    editor: '何立文',
    paragraphs: 2,
  },
  '07-fullwidth-digits.txt': {
    ...base,
    title: '青禾市春季花展开幕 五十万株郁金香竞相绽放',
    date: '2025-03-18',
    reporters: ['吴佩珊'],
    editor: '叶俊良',
    paragraphs: 2,
  },
  '08-several-reporters.txt': {
    ...base,
    title: '青禾市举办首届青少年机器人大赛',
    date: '2025-03-16',
    reporters: ['郑家豪', '许雅婷', '林书宇', '黄子涵'],
    reportType: '采访报导',
    editor: '蔡志明',
    paragraphs: 3,
  },
  '09-no-editor.txt': {
    ...base,
    title: '青禾市启动春季植树活动',
    date: '2025-03-12',
    reporters: ['邓宇航'],
    editor: null,
    paragraphs: 2,
    warnings: [/no 责任编辑 editor line/],
  },
  '10-traditional.txt': {
    ...base,
    title: '臺北河濱自行車道完成改善工程 新增夜間照明',
    date: '2025-03-18',
    place: '臺北',
    outlet: '華文新聞網',
    reporters: ['陳怡君'],
    reportType: '報導',
    editor: '林志明',
    subheadings: ['民眾反應'],
    paragraphs: 3,
  },
  '11-crlf.txt': { ...base, title: '青禾市图书馆新馆开放首日接待读者一万人次', date: '2025-03-15', reporters: ['韩思远'], paragraphs: 3 },
  '12-bom.txt': { ...base, title: '青禾市启用智能垃圾分类回收站', date: '2025-03-13', reporters: ['潘家乐'], paragraphs: 2 },
  '13-gb18030.txt': {
    ...base,
    title: '青禾市老字号𠮷祥面馆迁入新址',
    date: '2025-03-09',
    reporters: ['梁晓峰'],
    paragraphs: 2,
    related: ['青禾市公布今年十项民生实事'],
  },
  '14-big5.txt': {
    ...base,
    title: '臺中舊城區老戲院修復後重新開放',
    date: '2025-03-16',
    place: '臺中',
    outlet: '華文新聞網',
    reporters: ['黃韻如'],
    reportType: '報導',
    editor: '林志明',
    paragraphs: 3,
  },
  '15-chrome.txt': {
    ...base,
    title: '青禾市老城区完成雨污分流改造',
    date: '2025-03-14',
    reporters: ['冯嘉琪'],
    paragraphs: 3,
    dropped: [
      '分享到：微信 微博',
      '人气：1,234',
      '收听',
      '00:00 / 03:21',
      '评论 (12)',
      '更多新闻',
      '欢迎提供新闻线索，报料电话：000-1234-5678',
      '閱讀 5678',
      '0 条评论',
    ],
  },
  '16-related.txt': {
    ...base,
    title: '江南新区首批公交线路下月开通',
    date: '2025-03-19',
    reporters: ['林晓雯'],
    paragraphs: 2,
    related: [
      '青禾市跨江大桥今日通车 两岸通勤缩短至十分钟',
      '江南新区规划公布',
      '青禾市首条无人驾驶公交线路开始试运营',
      '青禾市地铁三号线开工',
    ],
  },
  '17-subheadings.txt': {
    ...base,
    title: '青禾市发布城市更新三年行动方案',
    date: '2025-03-10',
    reporters: ['孙立群'],
    reportType: '综合报导',
    subheadings: ['改造重点', '一、资金来源', '二、居民参与'],
    paragraphs: 5,
    dropped: ['（完）'],
  },
  '18-byline-own-line.txt': {
    ...base,
    title: '青禾市中小学将开设游泳必修课',
    date: '2025-03-11',
    reporters: ['吕欣然', '蒋文博'],
    reportType: '报道',
    paragraphs: 2,
  },
  '19-wrapped.txt': { ...base, title: '青禾市发布首份城市夜间经济报告', date: '2025-03-08', reporters: ['秦雨桐'], paragraphs: 3 },
  '24-future-date.txt': {
    ...base,
    title: '青禾市年终经济形势分析会召开',
    date: '2025-12-01',
    reporters: [],
    reportType: '综合报导',
    paragraphs: 1,
    warnings: [/^line 2: .*dateline date 2025-12-01 is after 2025-03-20/, /^line 2: .*byline without reporters/],
  },
};

describe('plain-text fixtures', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: report field by field`, async () => {
      const { report } = await parse(name);
      const { warnings, ...fields } = expected;
      for (const [field, value] of Object.entries(fields)) {
        assert.deepEqual(report[field as keyof WireReport], value, `${name}: ${field}`);
      }
      assert.equal(report.warnings.length, warnings.length, `${name}: warnings ${JSON.stringify(report.warnings)}`);
      warnings.forEach((pattern, i) => assert.match(report.warnings[i] ?? '', pattern));
    });
  }

  it('keeps Traditional copy Traditional', async () => {
    for (const name of ['10-traditional.txt', '14-big5.txt']) {
      const { article } = await parse(name);
      assert.equal(article.sourceScript, 'zh-Hant');
      assert.match(article.body[0]?.type === 'paragraph' ? article.body[0].text : '', /^臺/);
    }
    assert.equal((await parse('01-xun-basic.txt')).article.sourceScript, 'zh-Hans');
  });

  it('puts the rest of the dateline paragraph first in the body', async () => {
    const { article } = await parse('01-xun-basic.txt');
    assert.deepEqual(article.body[0], {
      type: 'paragraph',
      text: '青禾市跨江大桥今天上午正式通车。这座全长2.4公里的斜拉桥连接江南新区与老城区，过江通勤时间由原来的四十分钟缩短至十分钟左右。',
    });
    assert.deepEqual(article.dateline, { source: '本网', date: '2025-03-18', place: null, kind: '讯' });
    assert.deepEqual(article.byline, { reporters: ['林晓雯', '陈志远'], reportType: '综合报导', place: null });
    assert.equal(article.status, 'published');
    assert.equal(article.publishedAt, null, 'the service dates it by the dateline');
  });

  it('reads the byline place and the subtitle line', async () => {
    assert.equal((await parse('02-xun-place.txt')).article.byline.place, '台北');
    assert.equal((await parse('10-traditional.txt')).article.byline.place, '臺北');
    assert.equal((await parse('18-byline-own-line.txt')).article.subtitle, '全市四十所学校首批试点 每学期不少于十课时');
  });

  it('keeps sentences that merely mention chrome words', async () => {
    const { article } = await parse('15-chrome.txt');
    const texts = article.body.map((b) => (b.type === 'paragraph' ? b.text : ''));
    assert.ok(texts.some((t) => t.startsWith('这位人气很高的社区主任在评论区里')));
    assert.ok(texts.some((t) => t.startsWith('有居民向媒体爆料称')));
  });

  it('joins hard-wrapped lines into paragraphs', async () => {
    const { article } = await parse('19-wrapped.txt');
    assert.equal(article.body.length, 3);
    assert.deepEqual(article.body[1], {
      type: 'paragraph',
      text: '报告显示，滨江步行街和老城区美食街是最受欢迎的夜间消费去处，晚上八点至十点是客流高峰。',
    });
  });

  it('fails on an empty file, naming file and line', async () => {
    await assert.rejects(parse('22-empty.txt'), (e: unknown) => {
      assert.ok(e instanceof WireParseError);
      assert.equal(e.line, 1);
      assert.match(e.message, /22-empty\.txt:1: 文件为空 \(empty file\)$/);
      return true;
    });
  });

  it('honours --section and --draft', async () => {
    const { article } = await parseWireFile(path('01-xun-basic.txt'), { referenceDate: NOW, section: 'world', draft: true });
    assert.equal(article.section, 'world');
    assert.equal(article.status, 'draft');
  });

  it('drops chrome before the headline', () => {
    const { report } = parsePlainText('人气 99\n\n标题在这里\n正文第一段。\n', { referenceDate: '2025-03-20', section: null, status: 'published' });
    assert.equal(report.title, '标题在这里');
    assert.deepEqual(report.dropped, ['人气 99']);
  });

  it('warns when the first line is a dateline rather than a headline', () => {
    const { report } = parsePlainText('【本网2025年3月1日讯】（记者王五）正文第一段。\n正文第二段。\n', {
      referenceDate: '2025-03-20',
      section: null,
      status: 'published',
    });
    assert.match(report.warnings[0] ?? '', /^line 1: .*is the headline missing\?/);
  });

  it('takes the editor from the end of the last paragraph', () => {
    const { report } = parsePlainText('标题\n【本网2025年3月1日讯】正文。（责任编辑：王五）\n', {
      referenceDate: '2025-03-20',
      section: null,
      status: 'published',
    });
    assert.equal(report.editor, '王五');
    assert.equal(report.paragraphs, 1);
  });

  it('throws a line error for a date that is not on the calendar', () => {
    assert.throws(
      () => parsePlainText('标题\n\n【本网2025年2月30日讯】正文。\n', { referenceDate: '2025-03-20', section: null, status: 'published' }),
      /line 3: 电头日期无效/,
    );
  });
});
