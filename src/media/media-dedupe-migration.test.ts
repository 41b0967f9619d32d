import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../platform/db/database.js';
import type { DialectName } from '../platform/db/dialect.js';
import * as m0001 from '../platform/db/migrations/0001-initial.js';
import * as m0002 from '../platform/db/migrations/0002-newsroom.js';
import * as m0003 from '../platform/db/migrations/0003-media.js';
import * as m0004 from '../platform/db/migrations/0004-media-dedupe.js';
import { TEST_DIALECTS } from '../testing/databases.js';

/** The columns this test writes, as the tables were before 0004. */
interface Before {
  sections: { id?: number; slug: string; name: string };
  articles: { id?: number; title: string; body: string; section_id: number; status: string; source_script: string; created_at: string; updated_at: string };
  media: { id?: number; created_at: string; original_mime: string; width: number; height: number; bytes: number; sha256: string; alt: string; variants: string; legacy_copy?: number };
  media_usage: { media_id: number; article_id: number };
}

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** An empty database of `dialect` with no migrations run, and how to remove it. */
async function emptyDatabase(dialect: DialectName): Promise<{ opened: OpenDatabase; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'xinwen-m0004-'));
    const opened = await openDatabase(`sqlite:${join(dir, 'test.db')}`, { migrate: false });
    const drop = async () => {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { opened, drop };
  }
  const name = `xinwen_m0004_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const opened = await openDatabase(url.toString(), { migrate: false });
  const drop = async () => {
    await opened.close();
    await admin(`drop database if exists ${name} with (force)`);
  };
  return { opened, drop };
}

for (const dialect of TEST_DIALECTS) {
  describe(`migration 0004 on existing uploads (${dialect})`, () => {
    let database: Awaited<ReturnType<typeof emptyDatabase>>;
    let db: Kysely<Before>;
    const ids: Record<string, number> = {};

    before(async () => {
      database = await emptyDatabase(dialect);
      const untyped = database.opened.db as unknown as Kysely<unknown>;
      for (const m of [m0001, m0002, m0003]) await m.up(untyped, database.opened.dialect);
      db = database.opened.db as unknown as Kysely<Before>;

      const at = '2025-03-18T01:00:00.000Z';
      const media = (sha256: string) => ({ created_at: at, original_mime: 'image/png', width: 10, height: 10, bytes: 100, sha256, alt: '旧图', variants: '[]' });
      for (const [name, sha] of [['a', 'aaa'], ['b', 'bbb'], ['a2', 'aaa'], ['a3', 'aaa']] as const) {
        ids[name] = (await db.insertInto('media').values(media(sha)).returning('id').executeTakeFirstOrThrow()).id as number;
      }
      const section = (await db.insertInto('sections').values({ slug: 'top', name: '要闻' }).returning('id').executeTakeFirstOrThrow()).id as number;
      const article = async (title: string, body: string) =>
        (
          await db
            .insertInto('articles')
            .values({ title, body, section_id: section, status: 'published', source_script: 'zh-Hans', created_at: at, updated_at: at })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id as number;
      const block = (mediaId: number) => ({ type: 'image', mediaId, alt: '说明', caption: null, credit: null });
      ids.both = await article('两张图', JSON.stringify([block(ids.a as number), { type: 'paragraph', text: '正文' }, block(ids.a2 as number), block(ids.a as number)]));
      ids.dangling = await article('图已不在', JSON.stringify([block(987_654), block(ids.b as number)]));
      ids.broken = await article('正文损坏', '{not json');

      await m0004.up(untyped, database.opened.dialect);
    });
    after(async () => {
      await database.drop();
    });

    it('numbers byte-identical copies instead of merging them, and then allows no new copy', async () => {
      const rows = await db.selectFrom('media').select(['id', 'legacy_copy']).orderBy('id').execute();
      assert.deepEqual(
        rows.map((r) => [r.id, r.legacy_copy]),
        [
          [ids.a, 0],
          [ids.b, 0],
          [ids.a2, 1],
          [ids.a3, 2],
        ],
      );
      const copy = { created_at: '2025-03-19T00:00:00.000Z', original_mime: 'image/png', width: 1, height: 1, bytes: 1, sha256: 'bbb', alt: '新图', variants: '[]' };
      await assert.rejects(db.insertInto('media').values(copy).execute());
      await db.insertInto('media').values({ ...copy, sha256: 'ccc' }).execute();
    });

    it('records what existing bodies show, once per article, skipping uploads that are gone', async () => {
      const usage = await db.selectFrom('media_usage').selectAll().orderBy('article_id').orderBy('media_id').execute();
      assert.deepEqual(usage, [
        { media_id: ids.a, article_id: ids.both },
        { media_id: ids.a2, article_id: ids.both },
        { media_id: ids.b, article_id: ids.dangling },
      ]);
      // The foreign key now protects a shown upload from deletion.
      await assert.rejects(db.deleteFrom('media').where('id', '=', ids.b as number).execute());
      await db.deleteFrom('media').where('id', '=', ids.a3 as number).execute();
    });
  });
}
