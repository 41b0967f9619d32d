import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bylineParts, formatByline, formatDateline, joinNames } from './dateline.js';

describe('formatDateline', () => {
  it('writes an own report as 【{outlet}{YYYY年MM月DD日}讯】 with zero-padded month and day', () => {
    assert.equal(formatDateline({ source: '本网', date: '2025-03-08', place: null, kind: '讯' }), '【本网2025年03月08日讯】');
  });

  it('puts the place between outlet and date', () => {
    assert.equal(formatDateline({ source: '本网', date: '2025-11-20', place: '台北', kind: '讯' }), '【本网台北2025年11月20日讯】');
  });

  it('writes an agency dispatch as {agency}{place}{M月D日}电 without padding', () => {
    assert.equal(formatDateline({ source: '东亚通讯社', date: '2025-03-08', place: '东京', kind: '电' }), '东亚通讯社东京3月8日电');
  });
});

describe('formatByline', () => {
  const base = { source: '本网', kind: '讯' as const, bylinePlace: null };

  it('credits several reporters with the report type in full-width parentheses', () => {
    assert.equal(formatByline({ ...base, reporters: ['张三', '李四'], reportType: '综合报导' }), '（本网记者张三、李四综合报导）');
  });

  it('places the byline place before the report type', () => {
    assert.equal(formatByline({ ...base, reporters: ['张三'], reportType: '报导', bylinePlace: '台北' }), '（本网记者张三台北报导）');
  });

  it('writes 电 bylines as （记者{names}）', () => {
    assert.equal(formatByline({ ...base, kind: '电', reporters: ['王五'], reportType: null }), '（记者王五）');
  });

  it('credits the outlet alone when there is a report type but no reporter', () => {
    assert.equal(formatByline({ ...base, reporters: [], reportType: '综合报导' }), '（本网综合报导）');
  });

  it('gives nothing when there is nobody and no report type', () => {
    assert.equal(formatByline({ ...base, reporters: [], reportType: null }), null);
    assert.equal(bylineParts({ ...base, kind: '电', reporters: [], reportType: null }), null);
  });

  it('splits around the names so templates can link each one', () => {
    assert.deepEqual(bylineParts({ ...base, reporters: ['张三', '李四'], reportType: '编译' }), {
      prefix: '（本网记者',
      names: ['张三', '李四'],
      suffix: '编译）',
    });
  });
});

describe('joinNames', () => {
  it('joins with the enumeration comma 、', () => {
    assert.equal(joinNames(['张三', '李四', '王五']), '张三、李四、王五');
    assert.equal(joinNames([]), '');
  });
});
