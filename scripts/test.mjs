#!/usr/bin/env node
// Runs every *.test.ts under src/ with Node's test runner through tsx.
// Node 20's --test does not expand globs, so the files are listed here.
// Extra arguments are passed on: `npm test -- --test-name-pattern=dateline`.
// Browser tests (*.browser.test.ts) run too; set SKIP_BROWSER_TESTS=1 to leave them out.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : findTests(path);
    return entry.name.endsWith('.test.ts') || entry.name.endsWith('.test.tsx') ? [path] : [];
  });
}

let files = findTests('src').sort();
if (process.env.SKIP_BROWSER_TESTS === '1') files = files.filter((f) => !f.includes('.browser.test.'));
// Two test files at a time: most of a file's time is spent waiting (databases, servers, Chromium),
// so two keep this 2-core machine busy. XINWEN_TEST_CONCURRENCY=1 runs them one by one.
const concurrency = process.env.XINWEN_TEST_CONCURRENCY ?? '2';
if (!/^[1-9]\d*$/.test(concurrency)) throw new Error(`XINWEN_TEST_CONCURRENCY must be a positive whole number, not ${concurrency}`);
// A test that hangs (once: Chromium never answering browser.newContext) fails after 5 minutes,
// with its stack, instead of holding the run until CI gives up; the longest test takes about 50 s.
const TEST_TIMEOUT_MS = 300_000;
const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${TEST_TIMEOUT_MS}`, '--test-reporter=spec', ...process.argv.slice(2), ...files];
// Servers the tests start (in process or as `xinwen serve`) render no article audio unless a
// test asks for it: espeak-ng on every article of every test would only cost time.
const env = { XINWEN_AUDIO_RENDER: 'off', ...process.env };
// The tests start `xinwen` processes (bin/xinwen.js) hundreds of times. Built first, they run
// from dist/ (the build of the sources as they are now; a stale build is never run) instead of
// compiling the sources through tsx at every start: 0.6 s less a start, a third of the CLI
// tests' time. The build takes about a second.
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
process.exit(result.status ?? 1);
