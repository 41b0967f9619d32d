import { z } from 'zod';
import { listNewsroomArticles, type NewsroomListItem } from '../articles/article-editing.service.js';
import { latestFeedItems, publishedAmong, type ListData } from '../articles/reader.service.js';
import { recordAudit } from '../newsroom/audit/audit.service.js';
import type { Db, Queryable } from '../platform/db/database.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { purgePages } from '../web/page-purges.js';
import { surrogateKey } from '../web/surrogate-keys.js';
import type { Story, StoryLink, StoryListItem } from './model.js';
import {
  countStoryArticles,
  deleteStoryArticle,
  deleteStoryRow,
  insertStory,
  insertStoryArticle,
  selectStories,
  selectStoryArticleIds,
  selectStoryById,
  selectStoryBySlug,
  selectStoryOfArticle,
  touchStory,
  updateStoryRow,
} from './stories.store.js';

/**
 * Most articles one story may group. The timeline and the story's feeds select the published
 * ones among the story's ids, so the list stays bounded; a longer-running subject is split into
 * stories (e.g. by year).
 */
export const MAX_STORY_ARTICLES = 1000;

const Slug = z
  .string({ error: '请填写网址名' })
  .trim()
  .min(1, { error: '请填写网址名' })
  .max(60, { error: '网址名最多 60 个字符' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: '网址名只能用小写英文字母、数字和连字符（如 qinghe-metro），且不能以连字符开头或结尾' });
const Title = z
  .string({ error: '请填写标题' })
  .trim()
  .min(1, { error: '请填写标题' })
  .max(60, { error: '标题最多 60 个字' });
const Summary = z.string({ error: '摘要应为文字' }).trim().max(500, { error: '摘要最多 500 个字' });

/** A new story: slug and title required, summary optional. */
export const NewStorySchema = z.object({ slug: Slug, title: Title, summary: Summary.optional() });

/** Changes to a story: any of its fields. */
export const StoryChangesSchema = z
  .object({ slug: Slug.optional(), title: Title.optional(), summary: Summary.optional() })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { error: '没有要修改的内容' });

/** Which article to add to a story. */
export const StoryArticleSchema = z.object({
  articleId: z.coerce
    .number({ error: '请填写稿件编号' })
    .int({ error: '稿件编号应为正整数' })
    .min(1, { error: '稿件编号应为正整数' })
    .max(2_147_483_647, { error: '稿件编号应为正整数' }),
});

/** Who changes stories, for the audit log. */
export interface StoryEditor {
  actorId: number | null;
}

/** A story with its articles (any stage) for the newsroom, newest added first. */
export interface StoryDetail extends Story {
  articles: NewsroomListItem[];
}

type Clock = { now?: Date };

function iso(options: Clock): string {
  return (options.now ?? new Date()).toISOString();
}

async function mustGet(db: Queryable, id: number): Promise<Story> {
  const story = await selectStoryById(db, id);
  if (!story) throw new NotFoundError('没有这个专题。');
  return story;
}

function slugTaken(slug: string): ConflictError {
  return new ConflictError(`网址名「${slug}」已被另一个专题使用，请换一个。`, 'slug_taken');
}

/** Every story, most recently changed first, with article counts. */
export async function listStories(db: Queryable): Promise<StoryListItem[]> {
  return selectStories(db);
}

/** A story and its articles in every stage (the newsroom's view); 404 when unknown. */
export async function getStory(db: Queryable, id: number): Promise<StoryDetail> {
  const story = await mustGet(db, id);
  const ids = await selectStoryArticleIds(db, id);
  const { items } = await listNewsroomArticles(db, { ids, limit: Math.max(ids.length, 1), offset: 0 });
  const order = new Map(ids.map((articleId, i) => [articleId, i]));
  items.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { ...story, articles: items };
}

/**
 * The cached pages a change to a story shows on: its page (under each slug it had), the feeds
 * (its own are among them) and the pages of the articles it names, which link to it.
 */
function purgeStoryPages(db: Db, slugs: readonly string[], articleIds: readonly number[]): void {
  purgePages(db, [...slugs.map((slug) => surrogateKey.story(slug)), surrogateKey.feeds, ...articleIds.map((id) => surrogateKey.article(id))]);
}

/** Creates a story (validated; the slug must be free); audited. */
export async function createStory(db: Db, input: unknown, by: StoryEditor, options: Clock = {}): Promise<Story> {
  const data = parseInput(NewStorySchema, input, '专题信息有误');
  const at = iso(options);
  return db.transaction().execute(async (tx) => {
    const fields = { slug: data.slug, title: data.title, summary: data.summary ?? '', createdAt: at, updatedAt: at };
    const id = await insertStory(tx, fields);
    if (id === null) throw slugTaken(data.slug);
    await recordAudit(tx, { actorId: by.actorId, action: 'story.create', subjectType: 'story', subjectId: id, details: { slug: fields.slug, title: fields.title } }, options);
    return { id, ...fields };
  });
}

/** Changes a story's slug, title or summary; audited with before and after. */
export async function updateStory(db: Db, id: number, input: unknown, by: StoryEditor, options: Clock = {}): Promise<Story> {
  const changes = parseInput(StoryChangesSchema, input, '专题修改有误');
  const changed = await db.transaction().execute(async (tx) => {
    const before = await mustGet(tx, id);
    const after: Story = {
      ...before,
      slug: changes.slug ?? before.slug,
      title: changes.title ?? before.title,
      summary: changes.summary ?? before.summary,
      updatedAt: iso(options),
    };
    if (after.slug !== before.slug) {
      const holder = await selectStoryBySlug(tx, after.slug);
      if (holder && holder.id !== id) throw slugTaken(after.slug);
    }
    await updateStoryRow(tx, after);
    const pick = ({ slug, title, summary }: Story) => ({ slug, title, summary });
    await recordAudit(tx, { actorId: by.actorId, action: 'story.change', subjectType: 'story', subjectId: id, details: { before: pick(before), after: pick(after) } }, options);
    return { before, after, articleIds: await selectStoryArticleIds(tx, id) };
  });
  purgeStoryPages(db, [changed.before.slug, changed.after.slug], changed.articleIds);
  return changed.after;
}

/** Deletes a story (its articles stay, unlinked); audited with what it was. */
export async function deleteStory(db: Db, id: number, by: StoryEditor, options: Clock = {}): Promise<void> {
  const deleted = await db.transaction().execute(async (tx) => {
    const before = await mustGet(tx, id);
    const articleIds = await selectStoryArticleIds(tx, id);
    await deleteStoryRow(tx, id);
    await recordAudit(
      tx,
      { actorId: by.actorId, action: 'story.delete', subjectType: 'story', subjectId: id, details: { slug: before.slug, title: before.title, articleIds } },
      options,
    );
    return { slug: before.slug, articleIds };
  });
  purgeStoryPages(db, [deleted.slug], deleted.articleIds);
}

/**
 * Adds an article, in any stage, to a story: it appears on the story's page and feeds once it is
 * published. An article belongs to at most one story, so one already in a story is a 409 naming it.
 */
export async function addStoryArticle(db: Db, storyId: number, input: unknown, by: StoryEditor, options: Clock = {}): Promise<StoryDetail> {
  const { articleId } = parseInput(StoryArticleSchema, input, '要加入的稿件有误');
  const slug = await db.transaction().execute(async (tx) => {
    const story = await mustGet(tx, storyId);
    const found = await listNewsroomArticles(tx, { ids: [articleId], limit: 1, offset: 0 });
    const article = found.items[0];
    if (!article) throw new NotFoundError(`没有编号为 ${articleId} 的稿件。`);
    if ((await countStoryArticles(tx, storyId)) >= MAX_STORY_ARTICLES) {
      throw new ValidationError('专题稿件已满', [`articleId: 一个专题最多 ${MAX_STORY_ARTICLES} 篇稿件，请另建专题`]);
    }
    const at = iso(options);
    if (!(await insertStoryArticle(tx, storyId, articleId, at))) {
      const holder = await selectStoryOfArticle(tx, articleId);
      throw holder?.id === storyId
        ? new ConflictError(`稿件「${article.title}」已在这个专题中。`, 'already_in_story')
        : new ConflictError(`稿件「${article.title}」已属于专题「${holder?.title ?? ''}」，一篇稿件只能属于一个专题；请先从那个专题移除。`, 'in_other_story');
    }
    await touchStory(tx, storyId, at);
    await recordAudit(
      tx,
      { actorId: by.actorId, action: 'story.article_add', subjectType: 'story', subjectId: storyId, details: { slug: story.slug, articleId, title: article.title } },
      options,
    );
    return story.slug;
  });
  purgeStoryPages(db, [slug], [articleId]);
  return getStory(db, storyId);
}

/** Removes an article from a story; audited. 404 when it is not in the story. */
export async function removeStoryArticle(db: Db, storyId: number, articleId: number, by: StoryEditor, options: Clock = {}): Promise<StoryDetail> {
  const slug = await db.transaction().execute(async (tx) => {
    const story = await mustGet(tx, storyId);
    if (!(await deleteStoryArticle(tx, storyId, articleId))) throw new NotFoundError('这篇稿件不在这个专题中。');
    const at = iso(options);
    await touchStory(tx, storyId, at);
    await recordAudit(
      tx,
      { actorId: by.actorId, action: 'story.article_remove', subjectType: 'story', subjectId: storyId, details: { slug: story.slug, articleId } },
      options,
    );
    return story.slug;
  });
  purgeStoryPages(db, [slug], [articleId]);
  return getStory(db, storyId);
}

/** The story an article links to on its page, or null. */
export async function storyOfArticle(db: Queryable, articleId: number): Promise<StoryLink | null> {
  const story = await selectStoryOfArticle(db, articleId);
  return story ? { slug: story.slug, title: story.title } : null;
}

/** Looks a story up by the slug in its public address; 404 (in Chinese) when there is none. */
export async function storyBySlug(db: Queryable, slug: string): Promise<Story> {
  const story = slug.length <= 60 ? await selectStoryBySlug(db, slug) : null;
  if (!story) throw new NotFoundError('没有这个专题。');
  return story;
}

/** The public story page: the story and a page of its timeline (published articles only, newest first). */
export async function storyPageData(db: Queryable, slug: string, page: number): Promise<{ story: Story } & ListData> {
  const story = await storyBySlug(db, slug);
  const ids = await selectStoryArticleIds(db, story.id);
  return { story, ...(await publishedAmong(db, ids, page)) };
}

/** The article ids of a story (for its feeds, which select the published ones). */
export async function storyArticleIds(db: Queryable, storyId: number): Promise<number[]> {
  return selectStoryArticleIds(db, storyId);
}

/** The latest published articles, for the "add article" picker. */
export async function recentPublishedArticles(db: Queryable, limit = 50): Promise<{ id: number; title: string; publishedAt: string }[]> {
  const items = await latestFeedItems(db, {}, limit);
  return items.map(({ id, title, publishedAt }) => ({ id, title, publishedAt }));
}
