import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { newsroomConverter, RECHECK_MS } from './dictionary.service.js';
import { XINWEN_BIN } from '../testing/processes.js';


function xinwen(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [XINWEN_BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

for (const dialect of TEST_DIALECTS) {
  describe(`xinwen outlet set --taiwan-phrases (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(async () => {
      await t.drop();
    });

    it('turns Taiwan phrases on and off; a running process notices within RECHECK_MS', async () => {
      const env = { DATABASE_URL: t.url };
      const start = Date.now();
      assert.equal((await newsroomConverter(t.db, { now: start })).toTraditional('软件'), '軟件');
      const on = xinwen(['outlet', 'set', '--taiwan-phrases', 'on'], env);
      assert.equal(on.code, 0, on.stderr);
      assert.match(on.stdout, /^taiwan phrases:\s+on$/m);
      assert.equal((await newsroomConverter(t.db, { now: start + RECHECK_MS + 1 })).toTraditional('软件'), '軟體');
      const off = xinwen(['outlet', 'set', '--taiwan-phrases', 'off'], env);
      assert.equal(off.code, 0, off.stderr);
      assert.match(off.stdout, /^taiwan phrases:\s+off$/m);
      assert.equal((await newsroomConverter(t.db, { now: start + 2 * RECHECK_MS + 2 })).toTraditional('软件'), '軟件');
      const bad = xinwen(['outlet', 'set', '--taiwan-phrases', 'maybe'], env);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /Allowed choices are on, off/);
    });
  });
}
