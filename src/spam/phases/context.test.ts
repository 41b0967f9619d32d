import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextPhase } from './context.js';
import { normaliseForSpam } from './normalise.js';

const phase = (text: string) => contextPhase({ text: normaliseForSpam(text) });

describe('warning and reporting context', () => {
  it('takes score off text that warns about scams, at most 3', () => {
    const [reason] = phase('反诈民警提醒：稳赚不赔的都是骗局').reasons;
    assert.equal(reason?.phase, 'context');
    assert.equal(reason?.score, -3);
    assert.equal(phase('警 方 通报').reasons[0]?.score, -1.5);
  });

  it('says nothing about ordinary text or advertisements', () => {
    assert.deepEqual(phase('注册就送彩金，加微信').reasons, []);
    assert.deepEqual(phase('今天天气很好').reasons, []);
  });
});
