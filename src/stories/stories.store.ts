import type { Selectable } from 'kysely';
import type { Queryable } from '../platform/db/database.js';
import type { StoryTable } from '../platform/db/schema.js';
import type { Story, StoryLink, StoryListItem } from './model.js';

function toStory(row: Selectable<StoryTable>): Story {
  return { id: row.id, slug: row.slug, title: row.title, summary: row.summary, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Every story, most recently changed first, with its article count. */
export async function selectStories(db: Queryable): Promise<StoryListItem[]> {
  const rows = await db
    .selectFrom('stories')
    .leftJoin('story_articles', 'story_articles.story_id', 'stories.id')
    .select(['stories.id', 'stories.slug', 'stories.title', 'stories.summary', 'stories.created_at', 'stories.updated_at'])
    .select((eb) => eb.fn.count<number>('story_articles.article_id').as('article_count'))
    .groupBy(['stories.id', 'stories.slug', 'stories.title', 'stories.summary', 'stories.created_at', 'stories.updated_at'])
    .orderBy('stories.updated_at', 'desc')
    .orderBy('stories.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...toStory(r), articleCount: Number(r.article_count) }));
}

export async function selectStoryById(db: Queryable, id: number): Promise<Story | null> {
  const row = await db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStory(row) : null;
}

export async function selectStoryBySlug(db: Queryable, slug: string): Promise<Story | null> {
  const row = await db.selectFrom('stories').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? toStory(row) : null;
}

/** Inserts a story; null when the slug is taken (also when another request took it a moment ago). */
export async function insertStory(db: Queryable, story: Omit<Story, 'id'>): Promise<number | null> {
  const row = await db
    .insertInto('stories')
    .values({ slug: story.slug, title: story.title, summary: story.summary, created_at: story.createdAt, updated_at: story.updatedAt })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function updateStoryRow(db: Queryable, story: Story): Promise<void> {
  await db
    .updateTable('stories')
    .set({ slug: story.slug, title: story.title, summary: story.summary, updated_at: story.updatedAt })
    .where('id', '=', story.id)
    .execute();
}

/** Marks the story changed (its membership moved). */
export async function touchStory(db: Queryable, id: number, at: string): Promise<void> {
  await db.updateTable('stories').set({ updated_at: at }).where('id', '=', id).execute();
}

/** Deletes a story; its memberships go with it (foreign key cascade), the articles stay. */
export async function deleteStoryRow(db: Queryable, id: number): Promise<boolean> {
  const result = await db.deleteFrom('stories').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The story's article ids, most recently added first. */
export async function selectStoryArticleIds(db: Queryable, storyId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('story_articles')
    .select('article_id')
    .where('story_id', '=', storyId)
    .orderBy('added_at', 'desc')
    .orderBy('article_id', 'desc')
    .execute();
  return rows.map((r) => r.article_id);
}

export async function countStoryArticles(db: Queryable, storyId: number): Promise<number> {
  const row = await db
    .selectFrom('story_articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('story_id', '=', storyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The story an article belongs to, if any. */
export async function selectStoryOfArticle(db: Queryable, articleId: number): Promise<(StoryLink & { id: number }) | null> {
  const row = await db
    .selectFrom('story_articles')
    .innerJoin('stories', 'stories.id', 'story_articles.story_id')
    .select(['stories.id', 'stories.slug', 'stories.title'])
    .where('story_articles.article_id', '=', articleId)
    .executeTakeFirst();
  return row ?? null;
}

/** Adds an article to a story; false when the article already belongs to a story (this one or another). */
export async function insertStoryArticle(db: Queryable, storyId: number, articleId: number, at: string): Promise<boolean> {
  const row = await db
    .insertInto('story_articles')
    .values({ story_id: storyId, article_id: articleId, added_at: at })
    .onConflict((oc) => oc.column('article_id').doNothing())
    .returning('article_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteStoryArticle(db: Queryable, storyId: number, articleId: number): Promise<boolean> {
  const result = await db.deleteFrom('story_articles').where('story_id', '=', storyId).where('article_id', '=', articleId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
