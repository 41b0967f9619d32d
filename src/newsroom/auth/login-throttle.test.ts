import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csrfTokenMatches, isUnsafeMethod, newCsrfToken } from './csrf.js';
import { createLoginThrottle } from './login-throttle.js';

describe('login throttle (fixed window per key)', () => {
  const t0 = new Date('2025-01-01T00:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('blocks a key after `limit` failures until its window ends, and only that key', () => {
    const throttle = createLoginThrottle({ limit: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      assert.equal(throttle.retryAfterMs('1.2.3.4', at(i * 1000)), 0);
      throttle.recordFailure('1.2.3.4', at(i * 1000));
    }
    assert.equal(throttle.retryAfterMs('1.2.3.4', at(10_000)), 50_000);
    assert.equal(throttle.retryAfterMs('5.6.7.8', at(10_000)), 0);
    assert.equal(throttle.retryAfterMs('1.2.3.4', at(60_000)), 0, 'a new window starts');
  });

  it('keeps memory bounded', () => {
    const throttle = createLoginThrottle({ limit: 1, windowMs: 60_000, maxKeys: 2 });
    throttle.recordFailure('a', at(0));
    throttle.recordFailure('b', at(1));
    throttle.recordFailure('c', at(2)); // drops 'a', the oldest
    assert.equal(throttle.retryAfterMs('a', at(3)), 0);
    assert.ok(throttle.retryAfterMs('b', at(3)) > 0);
    assert.ok(throttle.retryAfterMs('c', at(3)) > 0);
  });
});

describe('CSRF tokens', () => {
  it('match only the same token, and only unsafe methods need one', () => {
    const token = newCsrfToken();
    assert.equal(csrfTokenMatches(token, token), true);
    assert.equal(csrfTokenMatches(token, `${token}x`), false);
    assert.equal(csrfTokenMatches(token, ''), false);
    assert.equal(csrfTokenMatches(token, undefined), false);
    assert.equal(csrfTokenMatches(token, [token]), false);
    assert.deepEqual(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'].map(isUnsafeMethod), [false, false, false, true, true, true, true]);
  });
});
