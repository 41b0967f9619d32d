import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

// Migrations see the database as untyped; these are the only shapes this one reads.
interface Tables {
  media: { id: number; sha256: string; legacy_copy: number };
  articles: { id: number; body: string };
  media_usage: { media_id: number; article_id: number };
}

const BATCH = 500;

/**
 * Media deduplication and usage.
 * - One row per content: a unique index on (sha256, legacy_copy). Uploads since this migration
 *   always have legacy_copy 0, so identical bytes conflict; byte-identical copies uploaded
 *   before it are numbered 1, 2, … and kept, because article bodies and revisions may name them.
 * - `media_usage`: which article's current body shows which upload, so a used image cannot be
 *   deleted (the foreign key refuses it even if a check is raced) and the library can count uses.
 *   Filled here from the bodies already stored; image blocks naming a missing upload are skipped.
 */
export async function up(untyped: Kysely<unknown>, _dialect: DbDialect): Promise<void> {
  const db = untyped as unknown as Kysely<Tables>;
  await db.schema.alterTable('media').addColumn('legacy_copy', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  const seen = new Map<string, number>();
  const rows = await db.selectFrom('media').select(['id', 'sha256']).orderBy('id').execute();
  for (const row of rows) {
    const copies = seen.get(row.sha256) ?? 0;
    seen.set(row.sha256, copies + 1);
    if (copies > 0) await db.updateTable('media').set({ legacy_copy: copies }).where('id', '=', row.id).execute();
  }
  await db.schema.dropIndex('media_sha256').execute();
  await db.schema.createIndex('media_sha256_copy').on('media').columns(['sha256', 'legacy_copy']).unique().execute();

  await db.schema
    .createTable('media_usage')
    // No cascade: deleting an upload that an article shows must fail.
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('media_usage_pk', ['media_id', 'article_id'])
    .execute();
  await db.schema.createIndex('media_usage_article').on('media_usage').column('article_id').execute();

  const existing = new Set(rows.map((r) => r.id));
  let after = 0;
  for (;;) {
    const batch = await db.selectFrom('articles').select(['id', 'body']).where('id', '>', after).orderBy('id').limit(BATCH).execute();
    if (batch.length === 0) break;
    const usage: Tables['media_usage'][] = [];
    for (const article of batch) {
      for (const mediaId of imageIds(article.body)) {
        if (existing.has(mediaId)) usage.push({ media_id: mediaId, article_id: article.id });
      }
    }
    // Chunks keep every statement well under SQLite's bound-parameter limit.
    for (let i = 0; i < usage.length; i += BATCH) await db.insertInto('media_usage').values(usage.slice(i, i + BATCH)).execute();
    after = (batch[batch.length - 1] as { id: number }).id;
  }
}

/** The distinct media ids of a stored body's image blocks (a body that does not parse has none). */
function imageIds(body: string): number[] {
  let blocks: unknown;
  try {
    blocks = JSON.parse(body);
  } catch {
    return [];
  }
  if (!Array.isArray(blocks)) return [];
  const ids = new Set<number>();
  for (const block of blocks as { type?: unknown; mediaId?: unknown }[]) {
    if (block?.type === 'image' && Number.isInteger(block.mediaId)) ids.add(block.mediaId as number);
  }
  return [...ids];
}
