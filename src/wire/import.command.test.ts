import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadArticle } from '../articles/article.store.js';
import { changeOutlet, outletSettings, saveSection } from '../articles/outlet.service.js';
import type { Db } from '../platform/db/database.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { runImport, type ImportOptions } from './import.command.js';

/** 2025-03-20, noon in Shanghai. */
const NOW = new Date('2025-03-20T04:00:00Z');
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const f = (name: string) => `${FIXTURES}${name}`;

const REPORT_KEYS = [
  'file',
  'title',
  'date',
  'place',
  'outlet',
  'datelineKind',
  'reporters',
  'reportType',
  'editor',
  'subheadings',
  'paragraphs',
  'related',
  'dropped',
  'warnings',
];

interface Run {
  code: number;
  stdout: string[];
  stderr: string[];
  json(): Record<string, unknown>[];
}

async function run(db: Db | null, files: string[], options: Partial<ImportOptions> = {}): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runImport(
    files,
    { dryRun: false, json: false, draft: false, ...options },
    { db, stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s), now: NOW },
  );
  return { code, stdout, stderr, json: () => JSON.parse(stdout.join('\n')) as Record<string, unknown>[] };
}

async function countArticles(db: Db): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of TEST_DIALECTS) {
  describe(`xinwen import (${dialect})`, () => {
    let test: TestDatabase;
    let db: Db;

    beforeEach(async () => {
      test = await createTestDatabase(dialect);
      db = test.db;
      await saveSection(db, { slug: 'city', name: '本市', position: 1 });
      await saveSection(db, { slug: 'world', name: '国际', position: 2 });
      await changeOutlet(db, { defaultSectionSlug: 'city' });
    });
    afterEach(() => test.drop());

    it('--dry-run --json prints one object per article, exactly the report fields, and stores nothing', async () => {
      const files = [f('01-xun-basic.txt'), f('04-dian-no-year.txt'), f('15-chrome.txt')];
      const r = await run(null, files, { dryRun: true, json: true });
      assert.equal(r.code, 0);
      assert.deepEqual(r.stderr, []);
      const out = r.json();
      assert.equal(out.length, 3);
      for (const entry of out) assert.deepEqual(Object.keys(entry), REPORT_KEYS);
      assert.deepEqual(out[0], {
        file: files[0],
        title: '青禾市跨江大桥今日通车 两岸通勤缩短至十分钟',
        date: '2025-03-18',
        place: null,
        outlet: '本网',
        datelineKind: '讯',
        reporters: ['林晓雯', '陈志远'],
        reportType: '综合报导',
        editor: '周明哲',
        subheadings: [],
        paragraphs: 3,
        related: [],
        dropped: [],
        warnings: [],
      });
      assert.equal(out[1]?.datelineKind, '电');
      assert.equal((out[2]?.dropped as string[]).length, 9);
      // Given a database, a dry run still writes nothing.
      const withDb = await run(db, files, { dryRun: true, json: true });
      assert.equal(withDb.code, 0);
      assert.equal(await countArticles(db), 0);
    });

    it('imports and stores articles, printing one line per file', async () => {
      const r = await run(db, [f('01-xun-basic.txt'), f('14-big5.txt'), f('20-story.md')]);
      assert.equal(r.code, 0, r.stderr.join('\n'));
      assert.equal(await countArticles(db), 3);
      assert.match(r.stdout[0] ?? '', /^✓ .*01-xun-basic\.txt → \/2025\/03\/18\/\d+\.html \(created\)$/);
      const id = Number(/\/(\d+)\.html/.exec(r.stdout[0] ?? '')?.[1]);
      const article = await loadArticle(db, id);
      assert.ok(article);
      assert.equal(article.title, '青禾市跨江大桥今日通车 两岸通勤缩短至十分钟');
      assert.equal(article.status, 'published');
      assert.equal(article.publishedAt, '2025-03-17T16:00:00.000Z', 'the dateline date, 00:00 in Shanghai');
      assert.equal(article.section.slug, 'city');
      assert.deepEqual(
        article.byline.reporters.map((p) => p.displayName),
        ['林晓雯', '陈志远'],
      );
      assert.equal(article.editor?.displayName, '周明哲');
      assert.deepEqual(article.dateline, { source: '本网', date: '2025-03-18', place: null, kind: '讯' });
      assert.equal(article.body.length, 3);

      const md = r.stdout.find((l) => l.includes('20-story.md')) ?? '';
      assert.match(md, /→ \/2025\/03\/02\/\d+\.html \(created\)$/);
    });

    it('with --json, adds id, url and action to each report', async () => {
      const r = await run(db, [f('04-dian-no-year.txt')], { json: true });
      assert.equal(r.code, 0);
      const [entry] = r.json();
      assert.deepEqual(Object.keys(entry ?? {}), [...REPORT_KEYS, 'id', 'url', 'action']);
      assert.equal(entry?.action, 'created');
      assert.equal(entry?.url, `/2025/03/18/${String(entry?.id)}.html`);
      assert.equal(typeof entry?.id, 'number');
    });

    it('importing the same file twice updates, never duplicates', async () => {
      const first = await run(db, [f('01-xun-basic.txt'), f('20-story.md')], { json: true });
      const second = await run(db, [f('01-xun-basic.txt'), f('20-story.md')], { json: true });
      assert.equal(await countArticles(db), 2);
      assert.deepEqual(
        first.json().map((e) => e.action),
        ['created', 'created'],
      );
      assert.deepEqual(
        second.json().map((e) => e.action),
        ['updated', 'updated'],
      );
      assert.deepEqual(
        second.json().map((e) => e.id),
        first.json().map((e) => e.id),
      );
      // Nor are the people named in the copy.
      const people = await db.selectFrom('people').select('display_name').execute();
      assert.equal(new Set(people.map((p) => p.display_name)).size, people.length);
    });

    it('resolves related headlines to articles imported in the same run, in either order', async () => {
      const r = await run(db, [f('16-related.txt'), f('01-xun-basic.txt'), f('06-halfwidth.txt')], { json: true });
      assert.equal(r.code, 0, r.stderr.join('\n'));
      const [related, bridge, bus] = r.json().map((e) => Number(e.id));
      const article = await loadArticle(db, related ?? 0);
      assert.deepEqual(
        article?.related.map((l) => [l.headline, l.article?.id ?? null]),
        [
          ['青禾市跨江大桥今日通车 两岸通勤缩短至十分钟', bridge],
          ['江南新区规划公布', null],
          ['青禾市首条无人驾驶公交线路开始试运营', bus],
          ['青禾市地铁三号线开工', null],
        ],
      );
    });

    it('resolves related headlines to articles imported earlier', async () => {
      const earlier = await run(db, [f('05-no-dateline.txt')], { json: true });
      const later = await run(db, [f('13-gb18030.txt')], { json: true });
      const article = await loadArticle(db, Number(later.json()[0]?.id));
      assert.equal(article?.related[0]?.article?.id, earlier.json()[0]?.id);
    });

    it('a bad file among good ones: the others are imported, exit code 1, stderr names file and line', async () => {
      const r = await run(db, [f('01-xun-basic.txt'), f('22-empty.txt'), f('21-bad-front-matter.md'), f('04-dian-no-year.txt')]);
      assert.equal(r.code, 1);
      assert.equal(await countArticles(db), 2);
      assert.equal(r.stdout.filter((l) => l.startsWith('✓')).length, 2);
      assert.equal(r.stderr.length, 2);
      assert.match(r.stderr[0] ?? '', /^✗ .*22-empty\.txt:1: 文件为空 \(empty file\)$/);
      assert.match(r.stderr[1] ?? '', /^✗ .*21-bad-front-matter\.md:5: .*reporters/);
    });

    it('prints warnings indented under the file', async () => {
      const r = await run(db, [f('09-no-editor.txt')]);
      assert.equal(r.code, 0);
      assert.match(r.stdout[0] ?? '', /^✓ /);
      assert.match(r.stdout[1] ?? '', /^ {4}⚠ .*no 责任编辑 editor line/);
    });

    it('--draft stores drafts, dated by their creation', async () => {
      const r = await run(db, [f('01-xun-basic.txt')], { draft: true, json: true });
      const [entry] = r.json();
      const article = await loadArticle(db, Number(entry?.id));
      assert.equal(article?.status, 'draft');
      assert.equal(article?.publishedAt, null);
      assert.equal(entry?.url, `/2025/03/20/${String(entry?.id)}.html`);
    });

    it('--section puts every file in that section, over the front matter', async () => {
      const r = await run(db, [f('01-xun-basic.txt'), f('20-story.md')], { section: 'world', json: true });
      assert.equal(r.code, 0, r.stderr.join('\n'));
      for (const entry of r.json()) assert.equal((await loadArticle(db, Number(entry.id)))?.section.slug, 'world');
    });

    it('an unknown section is a clear error for that file, and nothing is stored', async () => {
      const r = await run(db, [f('01-xun-basic.txt')], { section: 'nope' });
      assert.equal(r.code, 1);
      assert.equal(await countArticles(db), 0);
      assert.match(r.stderr[0] ?? '', /01-xun-basic\.txt: 栏目不存在 \(section: no section with slug "nope"\)/);
      const people = await db.selectFrom('people').select('id').execute();
      assert.equal(people.length, 0, 'no reporter was created for the failed file');
    });

    it('uses the outlet timezone for URLs', async () => {
      await changeOutlet(db, { timezone: 'America/New_York' });
      assert.equal((await outletSettings(db)).timezone, 'America/New_York');
      const r = await run(db, [f('20-story.md')], { json: true });
      // 2025-03-02T09:30+08:00 is 2025-03-01 evening in New York.
      assert.match(String(r.json()[0]?.url), /^\/2025\/03\/01\/\d+\.html$/);
    });

    it('refuses a real import without a database', async () => {
      const r = await run(null, [f('01-xun-basic.txt')]);
      assert.equal(r.code, 2);
      assert.match(r.stderr[0] ?? '', /--dry-run/);
    });
  });
}
