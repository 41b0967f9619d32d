import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandKeys, decodeSignature, encodeSignature, minhashSignature, similarity } from './minhash.js';

const sig = (text: string) => {
  const s = minhashSignature(text);
  assert.ok(s, text);
  return s;
};

describe('MinHash near-duplicate signatures', () => {
  const ad = '澳门线上娱乐城注册就送彩金提款秒到加微信领取优惠名额有限';

  it('rates a copy with a changed phone number as the same text', () => {
    assert.equal(similarity(sig(`${ad}13812345678`), sig(`${ad}13987654321`)), 1);
  });

  it('rates a lightly edited copy as near, and a different text as far', () => {
    assert.ok(similarity(sig(ad), sig(ad.replace('名额有限', '先到先得'))) >= 0.6);
    assert.ok(similarity(sig(ad), sig('今天的天气预报说下午有雷阵雨大家出门记得带伞注意安全')) < 0.2);
  });

  it('skips texts too short to call duplicates', () => {
    assert.equal(minhashSignature('支持支持'), null);
  });

  it('round-trips through hex, and near texts share a band', () => {
    const a = sig(ad);
    assert.deepEqual(decodeSignature(encodeSignature(a)), a);
    const b = sig(ad.replace('名额有限', '先到先得'));
    const shared = bandKeys(a).filter((k) => bandKeys(b).includes(k));
    assert.ok(shared.length > 0);
  });
});
