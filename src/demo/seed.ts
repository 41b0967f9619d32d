import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { saveArticle } from '../articles/article.service.js';
import { changeOutlet, ensureStaff, saveSection } from '../articles/outlet.service.js';
import type { Db } from '../platform/db/database.js';
import { parseWireFile } from '../wire/wire.js';
import { demoOutlet, demoPeople, demoSections } from './newsroom.js';

const ARTICLES_DIR = fileURLToPath(new URL('./articles/', import.meta.url));

/** True when the database holds no articles at all (so `npm start` may load the demo). */
export async function isEmptyNewsroom(db: Db): Promise<boolean> {
  return (await db.selectFrom('articles').select('id').limit(1).executeTakeFirst()) === undefined;
}

/**
 * Loads the demo newsroom: outlet settings, sections, staff and the demo articles (Markdown
 * with front matter, imported through the same importer newsrooms use). Safe to run again:
 * every article has a stable source key, so a second run updates instead of duplicating.
 */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<{ sections: number; people: number; articles: number }> {
  for (const section of demoSections) await saveSection(db, section);
  await changeOutlet(db, demoOutlet);
  for (const person of demoPeople) await ensureStaff(db, person.displayName, person.role, now);
  const files = readdirSync(ARTICLES_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort();
  for (const file of files) {
    const { article } = await parseWireFile(`${ARTICLES_DIR}${file}`, { referenceDate: now });
    await saveArticle(db, article, now);
  }
  return { sections: demoSections.length, people: demoPeople.length, articles: files.length };
}
