import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { saveArticle } from '../articles/article.service.js';
import { changeOutlet, ensureStaff, saveSection } from '../articles/outlet.service.js';
import type { Db } from '../platform/db/database.js';
import { NotFoundError } from '../platform/errors.js';
import { addStoryArticle, createStory, storyArticleIds, storyBySlug } from '../stories/stories.service.js';
import { parseWireFile } from '../wire/wire.js';
import { demoOutlet, demoPeople, demoSections, demoStories, type DemoStory } from './newsroom.js';

const ARTICLES_DIR = fileURLToPath(new URL('./articles/', import.meta.url));

/** True when the database holds no articles at all (so `npm start` may load the demo). */
export async function isEmptyNewsroom(db: Db): Promise<boolean> {
  return (await db.selectFrom('articles').select('id').limit(1).executeTakeFirst()) === undefined;
}

/**
 * Loads the demo newsroom: outlet settings, sections, staff, the demo articles (Markdown
 * with front matter, imported through the same importer newsrooms use) and a few 专题. Safe to
 * run again: every article has a stable source key and every story a slug, so a second run
 * updates instead of duplicating.
 */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<{ sections: number; people: number; articles: number; stories: number }> {
  for (const section of demoSections) await saveSection(db, section);
  await changeOutlet(db, demoOutlet);
  for (const person of demoPeople) await ensureStaff(db, person.displayName, person.role, now);
  const files = readdirSync(ARTICLES_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort();
  const idBySource = new Map<string, number>();
  for (const file of files) {
    const { article } = await parseWireFile(`${ARTICLES_DIR}${file}`, { referenceDate: now });
    idBySource.set(article.sourceKey, (await saveArticle(db, article, now)).id);
  }
  for (const demo of demoStories) await seedStory(db, demo, idBySource, now);
  return { sections: demoSections.length, people: demoPeople.length, articles: files.length, stories: demoStories.length };
}

async function seedStory(db: Db, demo: DemoStory, idBySource: ReadonlyMap<string, number>, now: Date): Promise<void> {
  const system = { actorId: null };
  let story;
  try {
    story = await storyBySlug(db, demo.slug);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    story = await createStory(db, { slug: demo.slug, title: demo.title, summary: demo.summary }, system, { now });
  }
  const present = new Set(await storyArticleIds(db, story.id));
  for (const source of demo.sources) {
    const articleId = idBySource.get(source);
    if (articleId === undefined) throw new Error(`demo story ${demo.slug}: no demo article ${source}`);
    if (!present.has(articleId)) await addStoryArticle(db, story.id, { articleId }, system, { now });
  }
}
