/**
 * deploy/nginx/xinwen.conf with Debian's nginx in front of two real `xinwen serve` processes:
 * every check of deploy/check-nginx.ts (caching, what is never cached, both instances used,
 * a publish and the refresh, an instance stopping). Skips itself without /usr/sbin/nginx;
 * CI installs nginx-light.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TEST_DIALECTS } from '../testing/databases.js';
import { checkNginxDeployment } from './nginx-check.js';
import { hasNginx } from './nginx.js';

for (const dialect of TEST_DIALECTS) {
  describe(`the production nginx configuration (${dialect})`, { skip: hasNginx() ? false : 'nginx is not installed (apt-get install nginx-light)' }, () => {
    it('caches public pages, never private ones or POSTs, shares the load and shows a publish after a refresh', async () => {
      const results = await checkNginxDeployment({ dialect });
      const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`);
      assert.deepEqual(failed, []);
      // Every check ran: a failure to start would have thrown, a skipped block would show here.
      assert.ok(results.length >= 14, `${results.length} checks`);
    });
  });
}
