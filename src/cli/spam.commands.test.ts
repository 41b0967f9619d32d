import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { XINWEN_BIN } from '../testing/processes.js';


/** Runs the CLI in a child process with `input` on standard input. */
function xinwen(args: string[], env: Record<string, string>, input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [XINWEN_BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

interface Verdict {
  score: number;
  action: string;
  reasons: { phase: string; detail: string; score: number }[];
}

for (const dialect of TEST_DIALECTS) {
  describe(`xinwen spam check (${dialect})`, () => {
    let database: TestDatabase;
    let env: Record<string, string>;

    before(async () => {
      database = await createTestDatabase(dialect);
      env = { DATABASE_URL: database.url };
    });
    after(async () => {
      await database.drop();
    });

    it('--json prints exactly {score, action, reasons}', async () => {
      const { code, stdout, stderr } = await xinwen(['spam', 'check', '--json', '澳门赌场开户，加微信 lucky8899'], env);
      assert.equal(code, 0, stderr);
      const verdict = JSON.parse(stdout) as Verdict;
      assert.deepEqual(Object.keys(verdict), ['score', 'action', 'reasons']);
      assert.ok(verdict.action === 'hold' || verdict.action === 'block');
      assert.ok(verdict.reasons.every((r) => Object.keys(r).join() === 'phase,detail,score'));
      assert.equal(stdout.trim().split('\n').length, 1);
    });

    it('prints the action, score and one line per reason for a person, and reads - from standard input', async () => {
      const { code, stdout } = await xinwen(['spam', 'check', '-'], env, '百家乐 首充送 加我\n');
      assert.equal(code, 0);
      const [first, ...rest] = stdout.trim().split('\n');
      assert.match(first ?? '', /^block\tscore \d+(\.\d)?$/);
      assert.ok(rest.some((line) => /^\s+\+10\.0\tterms\t命中词条「首充送」/.test(line)), stdout);
    });

    it('--lines prints one JSON verdict per input line, in order, empty lines included', async () => {
      const lines = ['澳门回归二十五周年，街上很热闹', '', '真人百家乐，注册送彩金，加 V 信 abc12345', '今天天气不错'];
      const { code, stdout, stderr } = await xinwen(['spam', 'check', '--lines'], env, `${lines.join('\n')}\n`);
      assert.equal(code, 0, stderr);
      const verdicts = stdout.trim().split('\n').map((l) => JSON.parse(l) as Verdict);
      assert.equal(verdicts.length, 4);
      assert.deepEqual(verdicts.map((v) => v.action), ['allow', 'allow', 'block', 'allow']);
      assert.equal(verdicts[1]?.score, 0);
    });

    it('refuses TEXT together with --lines', async () => {
      const { code, stderr } = await xinwen(['spam', 'check', '--lines', '一段文字'], env);
      assert.equal(code, 2);
      assert.match(stderr, /--lines reads standard input/);
    });
  });
}
