import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chooseEntry, sourceStamp, STAMP_FILE } from '../../scripts/build-stamp.mjs';
import { buildSiteAssets } from '../web/assets.js';
import { freePort } from './instances.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('which entry bin/xinwen.js runs', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const stampNow = () => write(`dist/${STAMP_FILE}`, JSON.stringify({ sources: sourceStamp(root) }));

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'xinwen-stamp-'));
    write('src/main.ts', 'export {};\n');
    write('src/main.test.ts', 'export {};\n');
    write('src/demo/articles/one.md', '# 一\n');
    write('tsconfig.json', '{}\n');
    write('scripts/build.mjs', '// build\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('the sources while there is no build; XINWEN_RUN_FROM=build refuses to start', () => {
    assert.equal(chooseEntry(root, undefined), 'source');
    assert.throws(() => chooseEntry(root, 'build'), /no build in dist\/: run `npm run build`/);
  });

  test('a build stamped with the sources as they are is run, unless the sources are forced', () => {
    stampNow();
    assert.equal(chooseEntry(root, undefined), 'build');
    assert.equal(chooseEntry(root, ''), 'build');
    assert.equal(chooseEntry(root, 'build'), 'build');
    assert.equal(chooseEntry(root, 'source'), 'source');
  });

  test('editing a test leaves the build fresh: tests are not built', () => {
    stampNow();
    write('src/main.test.ts', 'export const edited = 1;\n');
    assert.equal(chooseEntry(root, undefined), 'build');
  });

  test('an edited, added or removed source, or a changed compiler setting, makes the build stale', () => {
    const changes: [string, () => void][] = [
      ['edited module', () => write('src/main.ts', 'export const edited = 1;\n')],
      ['added data file', () => write('src/demo/articles/two.md', '# 二\n')],
      ['removed data file', () => rmSync(join(root, 'src/demo/articles/two.md'))],
      ['tsconfig.json', () => write('tsconfig.json', '{ "compilerOptions": {} }\n')],
      ['scripts/build.mjs', () => write('scripts/build.mjs', '// build, changed\n')],
    ];
    for (const [what, change] of changes) {
      stampNow();
      change();
      assert.equal(chooseEntry(root, undefined), 'source', what);
      assert.throws(() => chooseEntry(root, 'build'), /built from other sources/, what);
    }
  });

  test('an unreadable stamp is no build; an unknown XINWEN_RUN_FROM is refused', () => {
    write(`dist/${STAMP_FILE}`, '{"sources": "abc');
    assert.equal(chooseEntry(root, undefined), 'source');
    assert.throws(() => chooseEntry(root, 'dist'), /XINWEN_RUN_FROM must be source or build, not dist/);
  });

  test('bin/xinwen.js goes by it', async () => {
    const failed = await run(process.execPath, [join(ROOT, 'bin/xinwen.js'), '--help'], { env: { ...process.env, XINWEN_RUN_FROM: 'dist' } }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    assert.ok(failed, 'exits with an error');
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /^xinwen: XINWEN_RUN_FROM must be source or build, not dist\n$/);
  });
});

describe('npm run build', () => {
  let outdir: string;
  let dataDir: string;

  before(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'xinwen-build-'));
    dataDir = mkdtempSync(join(tmpdir(), 'xinwen-build-data-'));
    await run(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--outdir', outdir]);
  });
  after(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('compiles the modules, copies the files beside them and links the browser sources; tests stay out', () => {
    const stamp = JSON.parse(readFileSync(join(outdir, STAMP_FILE), 'utf8')) as { sources: string; compiled: number };
    assert.match(stamp.sources, /^[0-9a-f]{64}$/);
    assert.ok(stamp.compiled > 100);
    assert.ok(existsSync(join(outdir, 'src/main.js')));
    assert.ok(existsSync(join(outdir, 'src/main.js.map')));
    assert.ok(existsSync(join(outdir, 'src/comments/moderation-page.routes.js')), '.tsx compiles to .js');
    assert.ok(!existsSync(join(outdir, 'src/main.ts')));
    assert.ok(!existsSync(join(outdir, 'src/deploy/build.test.js')));
    assert.ok(existsSync(join(outdir, 'src/spam/fixtures/train.tsv')));
    assert.equal(realpathSync(join(outdir, 'src/web/client')), realpathSync(join(ROOT, 'src/web/client')));
    assert.equal(realpathSync(join(outdir, 'bin/xinwen.js')), realpathSync(join(ROOT, 'bin/xinwen.js')));
    assert.equal(realpathSync(join(outdir, 'deploy/nginx/xinwen.conf')), realpathSync(join(ROOT, 'deploy/nginx/xinwen.conf')));
  });

  test('the build serves the demo newsroom, with the same asset bundles as the sources', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(outdir, 'src/main.js'), 'serve', '--port', String(port), '--seed-demo-if-empty'], {
      env: { ...process.env, XINWEN_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', XINWEN_AUDIO_RENDER: 'off', XINWEN_PUBLIC_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = once(child, 'exit');
    try {
      const url = `http://127.0.0.1:${port}`;
      for (const deadline = Date.now() + 60_000; !(await fetch(`${url}/healthz`).then((r) => r.ok, () => false)); ) {
        if (child.exitCode !== null) assert.fail(`the build's server exited: ${output}`);
        if (Date.now() > deadline) assert.fail(`the build's server did not start: ${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const home = await fetch(`${url}/zh-hans/`);
      assert.equal(home.status, 200);
      const html = await home.text();
      const article = /href="(\/zh-hans\/\d{4}\/\d{2}\/\d{2}\/\d+\.html)"/.exec(html)?.[1];
      assert.ok(article, 'the home page links a demo article');
      const page = await fetch(`${url}${article}`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<article/);

      // Bundled at start from the linked browser sources: byte for byte what this process, run
      // from the sources, builds, so instances running either way serve the same asset URLs.
      const assets = buildSiteAssets();
      for (const asset of [assets.css, assets.js.hans]) {
        assert.ok(html.includes(asset.path), `${asset.path} on the build's page`);
        const served = await fetch(`${url}${asset.path}`);
        assert.equal(served.status, 200);
        assert.deepEqual(Buffer.from(await served.arrayBuffer()), asset.body);
      }
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
