import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isChrome } from './chrome.js';

describe('page chrome', () => {
  it('drops short chrome lines', () => {
    for (const line of [
      '人气 1234',
      '人气：1,234',
      '閱讀 1234',
      '浏览次数：56',
      '收听',
      'Play',
      'Listen',
      '朗读本文',
      '00:00 / 03:21',
      '▶ 收听 00:00 / 03:21',
      '🔊 朗读本文',
      '🎧',
      '更多新闻',
      '更多新聞',
      '查看更多 >>',
      '评论',
      '发表评论',
      '評論 (12)',
      '0 条评论',
      '分享到：',
      '分享到：微信 微博 QQ',
      '新闻线索',
      '报料',
      '爆料',
      '欢迎提供新闻线索',
      '报料邮箱：tips@example.org',
      '分享到：微信  |  评论 (3)  |  人气 88',
    ]) {
      assert.equal(isChrome(line), true, line);
    }
  });

  it('keeps sentences and headings that contain the same words', () => {
    for (const line of [
      '这位人气歌手昨晚举行了演唱会。',
      '人气旺',
      '他在评论中写道，希望有关部门尽快回应。',
      '有居民向媒体爆料称，工地夜间施工扰民。',
      '评论：让社区养老服务真正落到老人身边',
      '更多新闻媒体将参与报道',
      '收听率创新高',
      '10:30',
      '欢迎提供新闻线索的市民到场领奖，主办方当天还将表彰十位热心读者和通讯员代表',
    ]) {
      assert.equal(isChrome(line), false, line);
    }
  });
});
