import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inferYear, matchDateline, parseBylineText, splitSourcePlace } from './dateline.js';

describe('datelines and bylines', () => {
  it('infers the missing year: the latest year not after the reference day (one day of grace)', () => {
    assert.equal(inferYear(3, 18, '2025-03-20'), '2025-03-18');
    assert.equal(inferYear(3, 21, '2025-03-20'), '2025-03-21', 'tomorrow is allowed: dispatches cross the date line');
    assert.equal(inferYear(3, 22, '2025-03-20'), '2024-03-22');
    assert.equal(inferYear(12, 30, '2025-01-02'), '2024-12-30');
    assert.equal(inferYear(2, 29, '2025-03-20'), '2024-02-29');
    assert.equal(inferYear(2, 30, '2025-03-20'), null);
  });

  it('splits outlet from place', () => {
    assert.deepEqual(splitSourcePlace('华文新闻网台北'), { source: '华文新闻网', place: '台北' });
    assert.deepEqual(splitSourcePlace('本网'), { source: '本网', place: null });
    assert.deepEqual(splitSourcePlace('中国日报网北京'), { source: '中国日报网', place: '北京' });
    assert.deepEqual(splitSourcePlace('星海电视台上海'), { source: '星海电视台', place: '上海' });
    assert.equal(splitSourcePlace('今年'), null);
  });

  it('matches dateline variants and leaves sentences alone', () => {
    const ref = '2025-03-20';
    assert.equal(matchDateline('【本网2025年03月18日讯】正文', 1, ref)?.date, '2025-03-18');
    assert.equal(matchDateline('〔本网2025年3月18日讯〕正文', 1, ref)?.length, 15);
    assert.equal(matchDateline('星海通讯社北京3月18日电 正文', 1, ref)?.source, '星海通讯社');
    assert.equal(matchDateline('今年3月18日电价上涨。', 1, ref), null);
    assert.equal(matchDateline('本报讯（记者张三）正文', 1, ref)?.date, null);
    assert.equal(matchDateline('本报讯（记者张三）正文', 1, ref)?.source, '本报');
  });

  it('reads bylines', () => {
    const b = (s: string) => {
      const r = parseBylineText(s, 1, null);
      return r && { reporters: r.reporters, reportType: r.reportType, place: r.place };
    };
    assert.deepEqual(b('本网记者张三、李四综合报导'), { reporters: ['张三', '李四'], reportType: '综合报导', place: null });
    assert.deepEqual(b('记者王五'), { reporters: ['王五'], reportType: null, place: null });
    assert.deepEqual(b('本网记者张三台北报导'), { reporters: ['张三'], reportType: '报导', place: '台北' });
    assert.deepEqual(b('本报记者张三 通讯员李四'), { reporters: ['张三', '李四'], reportType: null, place: null });
    assert.deepEqual(b('编译：赵六'), { reporters: ['赵六'], reportType: '编译', place: null });
    assert.deepEqual(b('记者和平、王五与赵六报道'), { reporters: ['和平', '王五', '赵六'], reportType: '报道', place: null });
    assert.deepEqual(b('综合报导'), { reporters: [], reportType: '综合报导', place: null });
    assert.equal(b('图片来源：网络'), null);
  });
});
