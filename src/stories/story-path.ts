import { scopePagePath } from '../feeds/feed-urls.js';

/** The address of a story's public page within an edition: /story/{slug} (the page its feeds mirror). */
export function storyPath(slug: string): string {
  return scopePagePath({ kind: 'story', slug });
}
