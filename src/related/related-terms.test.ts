import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NAME_BOOST, RECENCY_FLOOR, idf, recencyWeight, termVector, weighTerms, type RelatedSource } from './related-terms.js';

const source = (over: Partial<RelatedSource>): RelatedSource => ({ title: '', subtitle: null, summary: null, bodyText: '', tags: [], ...over });
const weightOf = (vector: [string, number][], term: string) => vector.find(([t]) => t === term)?.[1];

describe('termVector', () => {
  test('a title or tag word weighs three times a body word, and repeats are damped', () => {
    const vector = termVector(source({ title: '港口', tags: ['码头'], bodyText: '货轮停靠。货轮卸货。货轮离港。货轮返航。' }));
    assert.equal(weightOf(vector, '港口'), 3);
    assert.equal(weightOf(vector, '码头'), 3);
    assert.equal(weightOf(vector, '货轮'), 1 + Math.log(4));
    assert.equal(weightOf(termVector(source({ title: '港口', bodyText: '港口' })), '港口'), 4, 'fields add up');
  });

  test('names, places and organisations count double: jieba tags and the newsroom word list', () => {
    const vector = termVector(source({ bodyText: '泽连斯基考察港口。何欣然报道。' }));
    assert.equal(weightOf(vector, '泽连斯基'), NAME_BOOST * (weightOf(vector, '港口') ?? Number.NaN));
    assert.equal(weightOf(vector, '何欣然'), NAME_BOOST);
  });

  test('drops stop words, numbers, lone characters and function words; both scripts give one vector', () => {
    const terms = termVector(source({ bodyText: '他们在2025年的会议上就港口问题进行了讨论，并且很快达成一致。' })).map(([t]) => t);
    for (const dropped of ['他们', '2025', '的', '在', '年', '并且', '很快']) assert.ok(!terms.includes(dropped), `${dropped} in ${terms.join('/')}`);
    for (const kept of ['会议', '港口', '讨论']) assert.ok(terms.includes(kept), `${kept} in ${terms.join('/')}`);
    assert.deepEqual(
      termVector(source({ title: '颱風逼近沿海', bodyText: '漁船回港避風。' })),
      termVector(source({ title: '台风逼近沿海', bodyText: '渔船回港避风。' })),
    );
  });
});

describe('weighTerms', () => {
  test('multiplies by IDF, scales to a unit vector over every term, then keeps the strongest', () => {
    const vector: [string, number][] = [['港口', 2], ['会议', 2], ['渔船', 1]];
    const df = new Map([['港口', 1], ['会议', 50], ['渔船', 1]]);
    const all = weighTerms(vector, (t) => df.get(t) ?? 1, 100);
    assert.deepEqual(all.map(([t]) => t), ['港口', '渔船', '会议'], 'a rare term outweighs a common one');
    assert.ok(Math.abs(all.reduce((s, [, w]) => s + w * w, 0) - 1) < 1e-12);
    const top = weighTerms(vector, (t) => df.get(t) ?? 1, 100, 1);
    assert.deepEqual(top, all.slice(0, 1), 'the scale is that of the whole vector');
    assert.equal(idf(1, 100), Math.log(101));
    assert.deepEqual(weighTerms([], () => 1, 1), []);
  });
});

describe('recencyWeight', () => {
  test('halves the part above the floor every 30 days, in either direction', () => {
    assert.equal(recencyWeight('2025-03-01T00:00:00Z', '2025-03-01T00:00:00Z'), 1);
    assert.equal(recencyWeight('2025-03-01T00:00:00Z', '2025-03-31T00:00:00Z'), RECENCY_FLOOR + (1 - RECENCY_FLOOR) / 2);
    assert.equal(recencyWeight('2025-03-31T00:00:00Z', '2025-03-01T00:00:00Z'), recencyWeight('2025-03-01T00:00:00Z', '2025-03-31T00:00:00Z'));
    assert.ok(recencyWeight('2020-01-01T00:00:00Z', '2025-01-01T00:00:00Z') - RECENCY_FLOOR < 1e-9);
  });
});
