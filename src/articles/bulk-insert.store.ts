import { contentRow, type ArticleFields, type Queryable } from './article.store.js';

/**
 * Rows per INSERT statement. An article row binds 19 values, so 400 rows stay far below
 * SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement.
 */
const ROWS_PER_STATEMENT = 400;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Ids of the people with these display names (those that exist). */
export async function findPeopleIdsByNames(db: Queryable, names: readonly string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const part of chunks(names, ROWS_PER_STATEMENT * 4)) {
    const rows = await db.selectFrom('people').select(['id', 'display_name']).where('display_name', 'in', part).execute();
    for (const r of rows) found.set(r.display_name, r.id);
  }
  return found;
}

/** Adds people named in copy as contributors without a login; names already taken are left alone. */
export async function insertContributors(db: Queryable, names: readonly string[], now: string): Promise<void> {
  for (const part of chunks(names, ROWS_PER_STATEMENT)) {
    await db
      .insertInto('people')
      .values(part.map((display_name) => ({ display_name, role: 'contributor', created_at: now })))
      .onConflict((oc) => oc.column('display_name').doNothing())
      .execute();
  }
}

/** Ids of the tags with these names (those that exist). */
export async function findTagIdsByNames(db: Queryable, names: readonly string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const part of chunks(names, ROWS_PER_STATEMENT * 4)) {
    const rows = await db.selectFrom('tags').select(['id', 'name']).where('name', 'in', part).execute();
    for (const r of rows) found.set(r.name, r.id);
  }
  return found;
}

/** Adds tags; names that exist already are left alone. */
export async function insertTags(db: Queryable, names: readonly string[]): Promise<void> {
  for (const part of chunks(names, ROWS_PER_STATEMENT)) {
    await db
      .insertInto('tags')
      .values(part.map((name) => ({ name })))
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }
}

/**
 * Inserts article rows, many per statement; returns each new id by source key (every row
 * must have one, so ids are matched by key rather than by the order rows come back in).
 */
export async function insertArticleRows(
  db: Queryable,
  rows: readonly (ArticleFields & { sourceKey: string })[],
  createdAt: string,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const part of chunks(rows, ROWS_PER_STATEMENT)) {
    const inserted = await db
      .insertInto('articles')
      .values(
        part.map((f) => ({
          ...contentRow(f),
          source_key: f.sourceKey,
          status: f.status,
          editor_id: f.editorId,
          published_at: f.publishedAt,
          updated_at: f.updatedAt,
          created_at: createdAt,
        })),
      )
      .returning(['id', 'source_key'])
      .execute();
    for (const r of inserted) if (r.source_key !== null) ids.set(r.source_key, r.id);
  }
  return ids;
}

/** Adds reporter links (article, person, byline position). */
export async function insertReporterLinks(db: Queryable, links: readonly { article_id: number; person_id: number; position: number }[]): Promise<void> {
  for (const part of chunks(links, ROWS_PER_STATEMENT * 2)) await db.insertInto('article_reporters').values(part).execute();
}

/** Adds tag links (article, tag, position). */
export async function insertTagLinks(db: Queryable, links: readonly { article_id: number; tag_id: number; position: number }[]): Promise<void> {
  for (const part of chunks(links, ROWS_PER_STATEMENT * 2)) await db.insertInto('article_tags').values(part).execute();
}

/** Which of these source keys are taken already. */
export async function existingSourceKeys(db: Queryable, keys: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const part of chunks(keys, ROWS_PER_STATEMENT * 4)) {
    const rows = await db.selectFrom('articles').select('source_key').where('source_key', 'in', part).execute();
    for (const r of rows) if (r.source_key !== null) taken.add(r.source_key);
  }
  return taken;
}
