import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csrfTokenMatches, isUnsafeMethod, newCsrfToken } from './csrf.js';
import { createLoginThrottle } from './login-throttle.js';

describe('login throttle', () => {
  const t0 = new Date('2025-01-01T00:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  // The window itself is tested for every implementation in platform/limits.
  it('blocks an IP after 20 failures in 15 minutes by default, and only that IP', async () => {
    const throttle = createLoginThrottle();
    for (let i = 0; i < 20; i++) {
      assert.equal(await throttle.retryAfterMs('1.2.3.4', at(i)), 0);
      await throttle.hit('1.2.3.4', at(i));
    }
    assert.equal(await throttle.retryAfterMs('1.2.3.4', at(60_000)), 14 * 60_000);
    assert.equal(await throttle.retryAfterMs('5.6.7.8', at(60_000)), 0);
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
