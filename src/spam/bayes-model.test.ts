import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bayesTokens, judge } from './bayes-model.js';
import { findContacts } from './phases/contacts.js';
import { normaliseForSpam } from './phases/normalise.js';

describe('Bayes tokens and judgement', () => {
  it('reads skeleton bigrams with digits masked, plus feature tokens', () => {
    const text = normaliseForSpam('加QQ 12345678 開戶');
    const tokens = bayesTokens(text, [], findContacts(text));
    assert.ok(tokens.includes('开户'));
    assert.ok(tokens.includes('q0'));
    assert.ok(tokens.includes('HAS_QQ'));
    assert.ok(tokens.includes('LONG_DIGITS'));
    assert.ok(!tokens.includes('00'));
  });

  it('leans to spam on spam tokens, to ham on ham tokens, and ignores unseen tokens', () => {
    const counts = new Map([
      ['开户', { spam: 40, ham: 2 }],
      ['HAS_QQ', { spam: 30, ham: 1 }],
      ['新闻', { spam: 1, ham: 50 }],
    ]);
    const docs = { spam: 50, ham: 50 };
    assert.ok(judge(['开户', 'HAS_QQ'], counts, docs).probability > 0.99);
    assert.ok(judge(['新闻'], counts, docs).probability < 0.05);
    assert.equal(judge(['从未见过'], counts, docs).logOdds, 0);
  });
});
