import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionForScore, decideAction, THRESHOLDS } from './thresholds.js';

describe('score → action', () => {
  it('maps scores at and around each threshold', () => {
    assert.equal(actionForScore(0), 'allow');
    assert.equal(actionForScore(THRESHOLDS.flag - 0.1), 'allow');
    assert.equal(actionForScore(THRESHOLDS.flag), 'flag');
    assert.equal(actionForScore(THRESHOLDS.hold), 'hold');
    assert.equal(actionForScore(THRESHOLDS.block - 0.1), 'hold');
    assert.equal(actionForScore(THRESHOLDS.block), 'block');
    assert.equal(actionForScore(-3), 'allow');
  });

  it('caps weak signals at flag: words alone never hold', () => {
    assert.equal(decideAction(50, { floor: 'allow', evidence: false }), 'flag');
    assert.equal(decideAction(50, { floor: 'allow', evidence: true }), 'block');
  });

  it('raises to the floor a hold or block term or a combination sets', () => {
    assert.equal(decideAction(0, { floor: 'hold', evidence: false }), 'hold');
    assert.equal(decideAction(12, { floor: 'hold', evidence: true }), 'block');
    assert.equal(decideAction(1, { floor: 'block', evidence: true }), 'block');
  });
});
