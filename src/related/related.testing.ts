import type { ArticleInput } from '../articles/model.js';
import { articleInput } from '../testing/fixtures.js';
import { fixtureTime, type RelatedFixture } from './fixtures/related-articles.js';

/** An article input from a fixture: nothing of articleInput's shared filler text is left. */
export function fixtureInput(f: RelatedFixture, overrides: Partial<ArticleInput> = {}): ArticleInput {
  return articleInput({
    sourceKey: `related-${f.key}`,
    title: f.title,
    summary: f.summary,
    body: f.paragraphs.map((text) => ({ type: 'paragraph' as const, text })),
    tags: f.tags,
    publishedAt: fixtureTime(f.day),
    ...overrides,
  });
}
