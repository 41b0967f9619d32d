import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../deploy/instances.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { activeRecipients } from '../tips/tips.service.js';
import { DEMO_TIP_IDENTITY } from './commands.js';
import { XINWEN_BIN } from '../testing/processes.js';

const DEMO_ARTICLES = readdirSync(fileURLToPath(new URL('../demo/articles/', import.meta.url))).filter((f) => f.endsWith('.md')).length;

function xinwen(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [XINWEN_BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `xinwen serve` until it answers /healthz, fetches `paths`, then stops it with SIGTERM. */
async function withServer(args: string[], env: Record<string, string>, paths: string[]) {
  const port = await freePort();
  const child = spawn(process.execPath, [XINWEN_BIN, 'serve', '--port', String(port), ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited early: ${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`serve did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const pages = [];
    for (const path of paths) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      pages.push({ status: res.status, html: await res.text() });
    }
    return { pages, output };
  } finally {
    const exited = child.exitCode === null ? once(child, 'exit') : Promise.resolve([child.exitCode]);
    child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0, `serve exits cleanly on SIGTERM: ${output}`);
  }
}

describe('xinwen command line', () => {
  it('lists its commands in --help', () => {
    const { code, stdout } = xinwen(['--help']);
    assert.equal(code, 0);
    for (const command of ['serve', 'migrate', 'seed', 'import', 'outlet', 'section', 'user', 'token']) {
      assert.match(stdout, new RegExp(`^\\s+${command}\\b`, 'm'), command);
    }
  });

  it('rejects bad flags with a message and a non-zero exit code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xinwen-cli-'));
    try {
      const env = { DATABASE_URL: `sqlite:${join(dir, 'x.db')}` };
      const port = xinwen(['serve', '--port', 'eighty'], env);
      assert.notEqual(port.code, 0);
      assert.match(port.stderr, /port number/);
      const slug = xinwen(['section', 'add', '--slug', 'Bad Slug', '--name', '国际'], env);
      assert.equal(slug.code, 2);
      assert.match(slug.stderr, /slug: lowercase letters, digits and hyphens/);
      const tz = xinwen(['outlet', 'set', '--timezone', 'Mars/Olympus'], env);
      assert.equal(tz.code, 2);
      assert.match(tz.stderr, /timezone: unknown timezone/);
      const url = xinwen(['migrate'], { DATABASE_URL: 'mysql://nope' });
      assert.equal(url.code, 1);
      assert.match(url.stderr, /DATABASE_URL must start with sqlite: or postgres:\/\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const dialect of TEST_DIALECTS) {
  describe(`xinwen serve and seed (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(async () => {
      await t.drop();
    });

    it('serves an empty site on an empty database, without demo content', async () => {
      const { pages } = await withServer([], { DATABASE_URL: t.url }, ['/']);
      assert.equal(pages[0]?.status, 200);
      assert.match(pages[0]?.html ?? '', /暂无新闻/);
    });

    it('configures sections and the outlet from the command line', () => {
      const env = { DATABASE_URL: t.url };
      assert.equal(xinwen(['section', 'add', '--slug', 'local', '--name', '本地', '--position', '3'], env).code, 0);
      const set = xinwen(['outlet', 'set', '--name', '测试新闻网', '--timezone', 'Asia/Taipei', '--default-section', 'local'], env);
      assert.equal(set.code, 0, set.stderr);
      const shown = xinwen(['outlet'], env).stdout;
      assert.match(shown, /name:\s+测试新闻网/);
      assert.match(shown, /timezone:\s+Asia\/Taipei/);
      assert.match(shown, /default section:\s+local/);
      assert.match(xinwen(['section', 'list'], env).stdout, /^3\tlocal\t本地$/m);
    });

    it('loads the demo newsroom with npm start on an empty database, and seeding again never duplicates', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'xinwen-demo-'));
      const { pages, output } = await withServer(['--seed-demo-if-empty'], { DATABASE_URL: t.url, XINWEN_DATA_DIR: dataDir }, [
        '/',
        '/section/tech',
        '/zh-hant/story/winter-energy',
        '/zh-hans/tips',
      ]);
      assert.match(output, new RegExp(`loaded the demo newsroom \\(${DEMO_ARTICLES} articles\\)`));
      // The demo's tip channel is open, with a key whose identity file is in the data directory.
      const keyFile = join(dataDir, DEMO_TIP_IDENTITY);
      assert.ok(output.includes(keyFile), output);
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);
      const publicKey = /# public key: (age1\S+)/.exec(readFileSync(keyFile, 'utf8'))?.[1];
      assert.deepEqual(await activeRecipients(t.db), [publicKey]);
      assert.equal(pages[3]?.status, 200);
      assert.match(pages[3]?.html ?? '', /data-tip-form/);
      assert.doesNotMatch(pages[3]?.html ?? '', /暂未开放/);
      rmSync(dataDir, { recursive: true, force: true });
      assert.equal(pages[0]?.status, 200);
      assert.doesNotMatch(pages[0]?.html ?? '', /暂无新闻/);
      assert.equal(pages[1]?.status, 200);
      // A demo 专题 with its timeline, here in the Traditional edition.
      assert.equal(pages[2]?.status, 200);
      assert.match(pages[2]?.html ?? '', /入冬保暖與能源保障/);
      assert.match(pages[2]?.html ?? '', /寒潮自北向南影響我國/);
      const count = async (table: 'articles' | 'story_articles') =>
        Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      assert.equal(await count('articles'), DEMO_ARTICLES);
      const storyArticles = await count('story_articles');
      assert.ok(storyArticles >= 4);
      const again = xinwen(['seed', '--demo'], { DATABASE_URL: t.url });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(await count('articles'), DEMO_ARTICLES);
      assert.equal(await count('story_articles'), storyArticles);
    });
  });
}
