import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { changeOutlet, saveSection } from '../articles/outlet.service.js';
import { listAudit } from '../newsroom/audit/audit.service.js';
import { listRevisions } from '../newsroom/revisions/revision.service.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { runImport } from './import.command.js';

const NOW = new Date('2025-03-20T04:00:00Z');

function copy(source: string, dateline: string, body: string): string {
  return [
    '---',
    `source: ${source}`,
    'title: 青禾市新建社区图书馆今日开放',
    `dateline: { source: ${dateline}, date: 2025-03-18, place: 青禾, kind: 讯 }`,
    'reporters: [沈书言]',
    'status: published',
    '---',
    body,
    '',
  ].join('\n');
}

const CLEAN = copy('integrity-clean', '华文新闻网', '青禾市第三座社区图书馆今天开放，馆内藏书两万册，周末开放到晚上八点。');
// An attacker's swap: a casino where the outlet should be, and a casino link in the body.
const SWAPPED = copy(
  'integrity-swapped',
  '金沙娱乐城',
  '青禾市第三座社区图书馆今天开放。[首充返水，注册送彩金，百家乐在线开户](https://vip-casino.example/reg)，加微信 abc8888 稳赚。',
);

for (const dialect of TEST_DIALECTS) {
  describe(`import integrity and history (${dialect})`, () => {
    let database: TestDatabase;
    let dir: string;

    before(async () => {
      database = await createTestDatabase(dialect);
      await saveSection(database.db, { slug: 'city', name: '本市', position: 1 });
      await changeOutlet(database.db, { defaultSectionSlug: 'city' });
      dir = mkdtempSync(join(tmpdir(), 'xinwen-import-'));
      writeFileSync(join(dir, 'clean.md'), CLEAN);
      writeFileSync(join(dir, 'swapped.md'), SWAPPED);
    });
    after(async () => {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    const importJson = async (file: string) => {
      const out: string[] = [];
      const code = await runImport([join(dir, file)], { dryRun: false, json: true, draft: false }, {
        db: database.db,
        stdout: (s) => out.push(s),
        stderr: (s) => out.push(s),
        now: NOW,
      });
      assert.equal(code, 0, out.join('\n'));
      const [entry] = JSON.parse(out.join('\n')) as { id: number; warnings: string[] }[];
      assert.ok(entry);
      return entry;
    };

    it('records each import as a revision saved by nobody, so history starts at version 1', async () => {
      const first = await importJson('clean.md');
      const second = await importJson('clean.md');
      assert.equal(second.id, first.id);
      const revisions = await listRevisions(database.db, first.id);
      assert.deepEqual(
        revisions.map((r) => [r.version, r.savedBy]),
        [
          [2, null],
          [1, null],
        ],
      );
    });

    it('passes clean copy without a spam warning or alert', async () => {
      const entry = await importJson('clean.md');
      assert.equal(entry.warnings.some((w) => w.includes('疑似博彩')), false);
      const alerts = (await listAudit(database.db)).filter((a) => a.action === 'spam.import_alert');
      assert.equal(alerts.length, 0);
    });

    it('warns about copy carrying a casino name and links, and raises a newsroom alert', async () => {
      const entry = await importJson('swapped.md');
      const warning = entry.warnings.find((w) => w.includes('疑似博彩'));
      assert.ok(warning, JSON.stringify(entry.warnings));
      const alerts = (await listAudit(database.db)).filter((a) => a.action === 'spam.import_alert');
      assert.equal(alerts.length, 1);
      assert.equal(String(alerts[0]?.subjectId), String(entry.id));
    });
  });
}
