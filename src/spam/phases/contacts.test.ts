import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findContacts, type ContactKind } from './contacts.js';
import { normaliseForSpam } from './normalise.js';

const found = (text: string) => findContacts(normaliseForSpam(text)).map((c) => [c.kind, c.value] as [ContactKind, string]);
const one = (text: string) => {
  const contacts = findContacts(normaliseForSpam(text));
  assert.equal(contacts.length, 1, `one contact in ${text}: ${JSON.stringify(contacts)}`);
  return contacts[0] as NonNullable<(typeof contacts)[0]>;
};

describe('contact extraction', () => {
  it('finds URLs, also written with 点, dot and 。', () => {
    assert.deepEqual(found('详情 https://example.com/a?b=1 见'), [['url', 'https://example.com/a?b=1']]);
    assert.deepEqual(found('登录 www.lucky88.vip 注册'), [['url', 'www.lucky88.vip']]);
    const dotted = one('打开 lucky88点com 就行');
    assert.deepEqual([dotted.kind, dotted.value, dotted.obfuscated], ['url', 'lucky88.com', true]);
    assert.equal(one('网址 www。lucky88。net').value, 'www.lucky88.net');
    assert.equal(one('搜 lucky88 dot cc').value, 'lucky88.cc');
    assert.equal(one('访问 example.com 了解').obfuscated, false);
  });

  it('finds QQ numbers after QQ, 扣扣 and Q群, also in Chinese digits', () => {
    assert.deepEqual(found('加QQ：12345678'), [['qq', '12345678']]);
    assert.deepEqual(found('扣扣 87654321'), [['qq', '87654321']]);
    assert.deepEqual(found('qq 群 123456789'), [['qq', '123456789']]);
    const chinese = one('Q号 八七六五四三二一');
    assert.deepEqual([chinese.kind, chinese.value, chinese.obfuscated], ['qq', '87654321', true]);
  });

  it('finds WeChat IDs after 微信 and its variants', () => {
    assert.deepEqual(found('加微信 abc_12345'), [['wechat', 'abc_12345']]);
    assert.deepEqual(found('V信：lucky-boy88'), [['wechat', 'lucky-boy88']]);
    assert.deepEqual(found('vx: kefu0088'), [['wechat', 'kefu0088']]);
    assert.deepEqual(found('关注我们的微信公众号'), []);
  });

  it('finds mainland, Hong Kong and Taiwan phone numbers with any separators', () => {
    assert.deepEqual(found('电话 138-1234-5678'), [['phone', '13812345678']]);
    assert.deepEqual(found('+86 138 1234 5678'), [['phone', '+8613812345678']]);
    assert.deepEqual(found('手机 0912-345-678'), [['phone', '0912345678']]);
    assert.deepEqual(found('+852 9123 4567'), [['phone', '+85291234567']]);
    assert.deepEqual(found('WhatsApp: 6123 4567'), [['phone', '61234567']]);
    assert.deepEqual(found('热线 010-12345678'), [['phone', '01012345678']]);
  });

  it('finds Telegram handles and links, and emails as emails', () => {
    assert.deepEqual(found('t.me/lucky_casino'), [['telegram', 'lucky_casino']]);
    assert.deepEqual(found('飞机号 @luckyboss'), [['telegram', 'luckyboss']]);
    assert.deepEqual(found('私聊 @vip_service8'), [['telegram', 'vip_service8']]);
    assert.deepEqual(found('来信 reader@example.com'), [['email', 'reader@example.com']]);
  });

  it('finds nothing in ordinary news talk', () => {
    for (const text of [
      '八点三十分开会，重点是预算',
      '2024年GDP增长5.2%，总额1,349,084亿元',
      '@张三 说得对',
      '这是第3.5版的说明',
      'iPhone15 发布会',
      '澳门回归二十五周年',
      '人口约为一千四百万',
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });

  it('maps each contact back to its place in the original', () => {
    const text = '前面的话，加 V 信：ａｂｃ１２３４５ 后面';
    const contact = one(text);
    assert.equal(text.slice(contact.start, contact.end), 'V 信：ａｂｃ１２３４５');
  });
});
