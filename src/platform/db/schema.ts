import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types for Kysely. Instants are ISO-8601 UTC strings in both dialects:
 * SQLite stores them as TEXT, PostgreSQL as timestamptz read back as ISO strings
 * (see postgres/postgres-dialect.ts). Booleans are 0/1 integers in both.
 */
export interface Database {
  outlet: OutletTable;
  sections: SectionTable;
  people: PersonTable;
  tags: TagTable;
  articles: ArticleTable;
  article_reporters: ArticleReporterTable;
  article_tags: ArticleTagTable;
  article_related: ArticleRelatedTable;
}

type Instant = string;

export interface OutletTable {
  id: number;
  name: string;
  short_name: string;
  default_script: string;
  timezone: string;
  tip_copy: string;
  default_section_id: number | null;
}

export interface SectionTable {
  id: Generated<number>;
  slug: string;
  name: string;
  position: number;
}

export interface PersonTable {
  id: Generated<number>;
  display_name: string;
  role: string;
  created_at: Instant;
}

export interface TagTable {
  id: Generated<number>;
  name: string;
}

export interface ArticleTable {
  id: Generated<number>;
  source_key: string | null;
  title: string;
  subtitle: string | null;
  summary: string | null;
  /** JSON array of BodyBlock. */
  body: string;
  section_id: number;
  status: string;
  dateline_source: string | null;
  dateline_date: string | null;
  dateline_place: string | null;
  dateline_kind: string | null;
  report_type: string | null;
  byline_place: string | null;
  editor_id: number | null;
  source_script: string;
  published_at: Instant | null;
  updated_at: Instant;
  created_at: ColumnType<Instant, Instant, never>;
}

export interface ArticleReporterTable {
  article_id: number;
  person_id: number;
  position: number;
}

export interface ArticleTagTable {
  article_id: number;
  tag_id: number;
  position: number;
}

export interface ArticleRelatedTable {
  article_id: number;
  position: number;
  headline: string;
  related_article_id: number | null;
}

export type ArticleRow = Selectable<ArticleTable>;
export type NewArticleRow = Insertable<ArticleTable>;
export type ArticleUpdate = Updateable<ArticleTable>;
