import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortDateTime } from './dom.js';

describe('shortDateTime', () => {
  it("shows instants in the outlet's timezone, not the browser's", () => {
    assert.equal(shortDateTime('2025-03-18T01:30:00.000Z', 'Asia/Shanghai'), '2025-03-18 09:30');
    assert.equal(shortDateTime('2025-03-17T16:05:00.000Z', 'Asia/Taipei'), '2025-03-18 00:05');
    assert.equal(shortDateTime('2025-07-01T16:00:00.000Z', 'America/New_York'), '2025-07-01 12:00');
    assert.equal(shortDateTime(null, 'Asia/Shanghai'), '');
  });
});
