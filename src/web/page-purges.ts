import { publishedArticleTexts } from '../articles/article-text.service.js';
import type { ArticleEvent } from '../articles/publish-events.js';
import type { Db } from '../platform/db/database.js';
import { storyOfArticle } from '../stories/stories.service.js';
import { surrogateKey } from './surrogate-keys.js';

/**
 * The surrogate keys an article event purges, from the article's state now: its own key (every
 * page showing it carries that: its page, and every list that lists it, including the lists it
 * has just left), the lists it is now in (its section, tags, reporters, story: a newly
 * published or moved article joins them), the home page, and every feed and sitemap.
 */
export async function purgeKeysFor(db: Db, event: ArticleEvent): Promise<string[]> {
  const id = event.articleId;
  const [[text], story] = await Promise.all([publishedArticleTexts(db, [id]), storyOfArticle(db, id)]);
  const keys = [surrogateKey.article(id), surrogateKey.home, surrogateKey.feeds, surrogateKey.sitemaps];
  if (story) keys.push(surrogateKey.story(story.slug));
  if (text) {
    keys.push(surrogateKey.section(text.sectionId));
    for (const tag of text.tags) keys.push(surrogateKey.tag(tag));
    for (const reporter of text.reporterIds) keys.push(surrogateKey.reporter(reporter));
  }
  return keys;
}
