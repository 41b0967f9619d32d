/** A 专题 story thread as the newsroom and the reader pages see it. */
export interface Story {
  id: number;
  /** The page's address: /story/{slug}. Lower-case ASCII letters, digits and hyphens. */
  slug: string;
  title: string;
  /** '' when there is none. */
  summary: string;
  createdAt: string;
  updatedAt: string;
}

/** A story in the newsroom's list, with how many articles it groups (any stage). */
export interface StoryListItem extends Story {
  articleCount: number;
}

/** What an article page needs to link its story. */
export interface StoryLink {
  slug: string;
  title: string;
}
