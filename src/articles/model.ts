/**
 * The article model shared by the store, the importers, the seed and the pages.
 * Plain data only: no database or HTTP types leak in here.
 */

import type { Script } from '../zh/script.js';

export type { Script };

/** 讯 (the outlet's own report) or 电 (a wire/agency dispatch). */
export type DatelineKind = '讯' | '电';

/**
 * Where an article stands on its desk: 待编 draft, returned with a comment, 待审 submitted,
 * scheduled, 签发 published, 撤稿 unpublished. Only `published` is public.
 */
export type ArticleStatus = 'draft' | 'returned' | 'submitted' | 'scheduled' | 'published' | 'unpublished';

/** What an import may set: copy arrives as a draft or already signed off. */
export type ImportStatus = Extract<ArticleStatus, 'draft' | 'published'>;

/**
 * A run of text with its inline marks. A block's spans concatenate exactly to its plain text;
 * there are no offsets, so the Traditional edition can convert span by span even where a
 * phrase changes length.
 */
export interface InlineSpan {
  text: string;
  bold?: true;
  italic?: true;
  /** https:, http:, mailto: or a site path (/…); see `isSafeHref`. */
  href?: string;
}

/**
 * One block of an article body. `text` is always the plain text (search, counts, revisions'
 * character counts and speech read it); templates escape it. Paragraphs, quotes and list items
 * may also carry `spans` with bold, italic and links; a block without marks has none.
 */
export type BodyBlock =
  | { type: 'paragraph'; text: string; spans?: InlineSpan[] }
  | { type: 'subheading'; text: string }
  | { type: 'quote'; text: string; spans?: InlineSpan[]; cite?: string }
  /** `itemSpans` runs parallel to `items`: null for an item without marks. */
  | { type: 'list'; ordered: boolean; items: string[]; itemSpans?: (InlineSpan[] | null)[] }
  /** An uploaded image (media id); alt, caption and credit are this article's, not the upload's. */
  | { type: 'image'; mediaId: number; alt: string; caption: string | null; credit: string | null };

export interface Dateline {
  /** Outlet or agency name as printed, e.g. 本网, 新华社. */
  source: string;
  /** Local date in the outlet's timezone, YYYY-MM-DD. */
  date: string;
  place: string | null;
  kind: DatelineKind;
}

export interface Byline {
  /** Reporter display names, in order. */
  reporters: string[];
  /** 报导, 报道, 综合报导, 编译, 采访报导, … */
  reportType: string | null;
  place: string | null;
}

/** A related headline: resolved to an article when one with that title exists. */
export interface RelatedLink {
  headline: string;
  articleId: number | null;
}

/**
 * What an importer or the seed hands to the article service to create or update an article.
 * Names (section slug, reporter and editor names, tags) are resolved by the service.
 */
export interface ArticleInput {
  /** Stable identity of the source, so re-importing updates instead of duplicating. */
  sourceKey: string;
  title: string;
  subtitle: string | null;
  summary: string | null;
  body: BodyBlock[];
  /** Section slug; null means the outlet's default section. */
  section: string | null;
  tags: string[];
  dateline: Dateline | null;
  byline: Byline;
  /** 责任编辑 display name. */
  editor: string | null;
  status: ImportStatus;
  /** ISO-8601 instant; null lets the service derive it (dateline date, else now). */
  publishedAt: string | null;
  updatedAt: string | null;
  sourceScript: Script;
  /** Related headlines in editor order. */
  related: string[];
}

/** The content staff edit in the newsroom (workflow fields such as status are separate). */
export interface EditableContent {
  title: string;
  subtitle: string | null;
  summary: string | null;
  body: BodyBlock[];
  /** Section slug. */
  section: string;
  tags: string[];
  dateline: Dateline | null;
  byline: Byline;
  related: string[];
  seoTitle: string | null;
  seoDescription: string | null;
}

export interface Outlet {
  /** Full name, as used in datelines and bylines (华文新闻网 in 【华文新闻网2025年03月18日讯】). */
  name: string;
  shortName: string;
  defaultScript: Script;
  /** IANA timezone, default Asia/Shanghai. */
  timezone: string;
  /** Copy for the tip-line call (shown once tips exist). */
  tipCopy: string;
  defaultSectionSlug: string | null;
  /** The Traditional edition uses Taiwan phrases (软件 → 軟體) on top of Taiwan characters. */
  taiwanPhrases: boolean;
}

export interface Section {
  id: number;
  slug: string;
  name: string;
  position: number;
}

export interface Person {
  id: number;
  displayName: string;
  role: PersonRole;
}

/** contributor = named in copy, no login. */
export type PersonRole = 'admin' | 'editor' | 'reporter' | 'moderator' | 'contributor';

/** A fully loaded article, as the pages need it. */
export interface Article {
  id: number;
  sourceKey: string | null;
  title: string;
  subtitle: string | null;
  summary: string | null;
  body: BodyBlock[];
  section: Section;
  tags: string[];
  dateline: Dateline | null;
  byline: { reporters: Person[]; reportType: string | null; place: string | null };
  editor: Person | null;
  status: ArticleStatus;
  publishedAt: string | null;
  updatedAt: string;
  createdAt: string;
  sourceScript: Script;
  related: { headline: string; article: ArticleTeaser | null }[];
  /** 更正 notes, oldest first. */
  corrections: Correction[];
}

/** A dated correction note shown on the public page. */
export interface Correction {
  id: number;
  /** ISO-8601 instant. */
  at: string;
  text: string;
}

/** What a list or link needs of an article. */
export interface ArticleTeaser {
  id: number;
  title: string;
  summary: string | null;
  sectionSlug: string;
  sectionName: string;
  publishedAt: string;
}
