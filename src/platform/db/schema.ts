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
  person_desks: PersonDeskTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  article_revisions: ArticleRevisionTable;
  corrections: CorrectionTable;
  media: MediaTable;
  spam_terms: SpamTermTable;
  spam_state: SpamStateTable;
  spam_bayes_tokens: SpamBayesTokenTable;
  spam_fingerprints: SpamFingerprintTable;
  spam_fingerprint_bands: SpamFingerprintBandTable;
  article_views: ArticleViewsTable;
  article_view_hours: ArticleViewHoursTable;
  view_batches: ViewBatchTable;
  view_salts: ViewSaltTable;
  readers: ReaderTable;
  reader_sessions: ReaderSessionTable;
  reader_tokens: ReaderTokenTable;
  media_usage: MediaUsageTable;
  comments: CommentTable;
  comment_likes: CommentLikeTable;
  comment_reports: CommentReportTable;
  comment_bans: CommentBanTable;
  comment_settings: CommentSettingsTable;
  search_documents: SearchDocumentTable;
  related_docs: RelatedDocTable;
  related_df: RelatedDfTable;
  related_terms: RelatedTermTable;
  article_related_auto: ArticleRelatedAutoTable;
  stories: StoryTable;
  story_articles: StoryArticleTable;
  dictionary_entries: DictionaryEntryTable;
  dictionary_words: DictionaryWordTable;
  article_conversion_overrides: ArticleConversionOverrideTable;
  dictionary_state: DictionaryStateTable;
  article_audio: ArticleAudioTable;
  pronunciations: PronunciationTable;
  tip_recipients: TipRecipientTable;
  tip_settings: TipSettingsTable;
  tips: TipTable;
  tip_uploads: TipUploadTable;
  tip_items: TipItemTable;
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
  /** 1: the Traditional edition uses Taiwan phrases (OpenCC twp), 0: Taiwan characters only. */
  taiwan_phrases: Generated<number>;
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
  /** Login (staff only); null for contributors named in copy. */
  email: string | null;
  password_hash: string | null;
  must_change_password: Generated<number>;
  /** 1: works on every desk; 0: only the desks in person_desks. */
  all_desks: Generated<number>;
  failed_logins: Generated<number>;
  locked_until: Instant | null;
  disabled: Generated<number>;
}

export interface PersonDeskTable {
  person_id: number;
  section_id: number;
}

export interface SessionTable {
  /** sha256 (hex) of the cookie token. */
  id: string;
  person_id: number;
  csrf_token: string;
  created_at: Instant;
  last_seen_at: Instant;
  expires_at: Instant;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  person_id: number;
  name: string;
  token_hash: string;
  /** JSON array of scope names. */
  scopes: string;
  created_at: Instant;
  last_used_at: Instant | null;
  revoked_at: Instant | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Instant;
  actor_id: number | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  /** JSON object. */
  details: string;
}

export interface ArticleRevisionTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  saved_by: number | null;
  saved_at: Instant;
  /** JSON of the editable fields at this version. */
  snapshot: string;
}

export interface CorrectionTable {
  id: Generated<number>;
  article_id: number;
  at: Instant;
  text: string;
  by_id: number | null;
}

export interface MediaTable {
  id: Generated<number>;
  uploaded_by: number | null;
  created_at: ColumnType<Instant, Instant, never>;
  /** What the content was detected as (image/jpeg, …), never the client's claim. */
  original_mime: string;
  /** Pixels after EXIF orientation. */
  width: number;
  height: number;
  /** Size of the upload. */
  bytes: number;
  /** sha256 (hex) of the upload. */
  sha256: string;
  alt: string;
  caption: string | null;
  credit: string | null;
  /** JSON array of MediaVariant. */
  variants: string;
  /** 0 for every upload since deduplication; 1, 2, … number byte-identical copies stored before it. */
  legacy_copy: Generated<number>;
}

/** Which article's current body shows which upload (kept by every save of article content). */
export interface MediaUsageTable {
  media_id: number;
  article_id: number;
}

export interface CommentTable {
  id: Generated<number>;
  article_id: number;
  parent_id: number | null;
  /** The thread's top comment; null for a top comment. */
  root_id: number | null;
  depth: number;
  /** Zero-padded ids from the root down: tree order when sorted. */
  thread_path: string;
  /** `r:{readerId}` or `g:{guest key}`. */
  author_key: string;
  reader_id: number | null;
  /** As shown when posted: the guest's chosen name or the reader's display name. */
  author_name: string;
  body: string;
  /** pending | approved | rejected | held | deleted */
  status: string;
  /** 1 when public lists show it. */
  visible: Generated<number>;
  likes: Generated<number>;
  open_reports: Generated<number>;
  spam_score: number;
  spam_action: string;
  /** JSON array of {phase, detail, score}. */
  spam_reasons: string;
  created_at: Instant;
  edited_at: Instant | null;
  moderated_by: number | null;
  moderated_at: Instant | null;
  reject_reason: string | null;
}

export interface CommentLikeTable {
  comment_id: number;
  liker_key: string;
  created_at: Instant;
}

export interface CommentReportTable {
  id: Generated<number>;
  comment_id: number;
  reporter_key: string;
  reason: string;
  created_at: Instant;
  resolved_at: Instant | null;
}

export interface CommentBanTable {
  id: Generated<number>;
  author_key: string;
  reason: string;
  banned_by: number | null;
  created_at: Instant;
}

export interface CommentSettingsTable {
  /** outlet | section | article */
  scope: string;
  /** 0 for the outlet. */
  scope_id: number;
  /** Each null inherits from the wider scope. */
  mode: string | null;
  new_commenter_approvals: number | null;
  hold_links: number | null;
  guests_allowed: number | null;
  close_after_days: number | null;
  closed: number | null;
  updated_at: Instant;
  updated_by: number | null;
}

/** A reader account (commenting); nothing to do with staff `people`. */
export interface ReaderTable {
  id: Generated<number>;
  /** Trimmed and lower-cased; unique. */
  email: string;
  display_name: string;
  /** argon2id PHC string. */
  password_hash: string;
  verified_at: Instant | null;
  created_at: ColumnType<Instant, Instant, never>;
}

export interface ReaderSessionTable {
  /** sha256 (hex) of the `xw_reader` cookie token. */
  id: string;
  reader_id: number;
  csrf_token: string;
  created_at: Instant;
  last_seen_at: Instant;
  expires_at: Instant;
  user_agent: string | null;
}

/** A one-time link's token (verify an email, reset a password), by its sha256. */
export interface ReaderTokenTable {
  id: string;
  reader_id: number;
  /** verify_email | reset_password */
  purpose: string;
  created_at: Instant;
  expires_at: Instant;
  used_at: Instant | null;
}

/** 人气: all views of an article that have been flushed from the counters. */
export interface ArticleViewsTable {
  article_id: number;
  views: number;
}

/** Views per article per UTC hour, for the most-read lists; pruned after 8 days. */
export interface ArticleViewHoursTable {
  article_id: number;
  /** Start of the hour. */
  hour: Instant;
  views: number;
}

/** A counter batch already written, so a retried batch is never counted twice. */
export interface ViewBatchTable {
  id: string;
  written_at: Instant;
}

/** The salt of the day's reader keys (YYYY-MM-DD, UTC); older days are deleted. */
export interface ViewSaltTable {
  day: string;
  salt: string;
}

/** A term of the spam lists; `normalised` (its skeleton) is what is matched, and unique. */
export interface SpamTermTable {
  id: Generated<number>;
  term: string;
  normalised: string;
  /** gambling | cta | contact-lure | porn | scam | abuse | other */
  category: string;
  weight: number;
  /** flag | hold | block */
  action: string;
  created_at: Instant;
  updated_at: Instant;
}

/** The one row (id 1) of spam state: the term lists' version and the Bayes model's document counts. */
export interface SpamStateTable {
  id: number;
  terms_version: number;
  model_seeded: number;
  spam_docs: number;
  ham_docs: number;
}

/** How many spam and ham documents of the Bayes model a token occurred in. */
export interface SpamBayesTokenTable {
  token: string;
  spam_count: number;
  ham_count: number;
}

/** A recently scored text with its sender's opaque keys (never raw IPs); pruned after 24 hours. */
export interface SpamFingerprintTable {
  id: Generated<number>;
  created_at: Instant;
  reader_key: string;
  network_key: string;
  /** MinHash signature as hex; null for texts too short to compare. */
  signature: string | null;
}

export interface SpamFingerprintBandTable {
  fingerprint_id: number;
  band: string;
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
  /** Optimistic-concurrency version: every save increments it. */
  version: Generated<number>;
  author_id: number | null;
  return_comment: string | null;
  unpublish_reason: string | null;
  scheduled_at: Instant | null;
  seo_title: string | null;
  seo_description: string | null;
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

/** A 专题 story thread: its page is /story/{slug}. */
export interface StoryTable {
  id: Generated<number>;
  slug: string;
  title: string;
  /** '' when there is none. */
  summary: string;
  created_at: Instant;
  updated_at: Instant;
}

/** An article's story (at most one per article). */
export interface StoryArticleTable {
  article_id: number;
  story_id: number;
  added_at: Instant;
}

/**
 * One published article in the search index: what the filters need. The tokens are held per
 * dialect and reached only through raw SQL in src/search/ (SQLite: the FTS5 table search_fts,
 * rowid = article_id; PostgreSQL: this table's tsvector column `document`).
 */
export interface SearchDocumentTable {
  article_id: number;
  section_id: number;
  published_at: Instant;
  /** When this row was last written; a rebuild deletes the rows it did not reach. */
  indexed_at: Instant;
}

/** A newsroom-dictionary conversion entry, laid over OpenCC (zh/convert.ts DictionaryEntry). */
export interface DictionaryEntryTable {
  id: Generated<number>;
  source: string;
  target: string;
  /** s2t | t2s | both */
  direction: string;
  /** 1: applies only with Taiwan phrases. */
  phrases_only: Generated<number>;
  note: string | null;
  updated_by: number | null;
  updated_at: Instant;
}

/** A newsroom-dictionary word for segmentation, stored as jieba meets it (Simplified, lower case). */
export interface DictionaryWordTable {
  id: Generated<number>;
  word: string;
  /** nr | ns | nt | nz */
  tag: string;
  freq: number | null;
  note: string | null;
  updated_by: number | null;
  updated_at: Instant;
}

/** One per-article conversion override, in the order the editor listed them. */
export interface ArticleConversionOverrideTable {
  id: Generated<number>;
  article_id: number;
  position: number;
  source: string;
  target: string;
  /** s2t | t2s | both */
  direction: string;
}

/** The one row (id 1) of dictionary versions: every change bumps its kind's version. */
export interface DictionaryStateTable {
  id: number;
  entries_version: number;
  words_version: number;
  overrides_version: number;
}

/** 收听: one pronunciation-lexicon entry (src/listen/lexicon.*): a term and the pinyin it is read as. */
export interface PronunciationTable {
  id: Generated<number>;
  /** Simplified, as the speech script meets it. */
  term: string;
  /** Space-separated tone-numbered syllables, one per Chinese character of the term. */
  pinyin: string;
  note: string | null;
  created_at: Instant;
  updated_at: Instant;
  updated_by: number | null;
}

/** 收听: an article's rendered audio (src/listen/), keyed by the speech script's hash. */
export interface ArticleAudioTable {
  article_id: number;
  content_hash: string;
  /** queued | rendering | ready | failed | unavailable */
  status: string;
  file_key: string | null;
  bytes: number | null;
  duration_ms: number | null;
  /** JSON [[startMs, endMs], …], one pair per utterance. */
  timings: string | null;
  engine: string | null;
  error: string | null;
  attempts: Generated<number>;
  /** A queued row is claimed only from this instant (backoff after a failure). */
  not_before: Instant;
  requested_at: Instant;
  started_at: Instant | null;
  rendered_at: Instant | null;
}

/** 相关新闻: a published article's term vector before IDF, as counted in `related_df`. */
export interface RelatedDocTable {
  article_id: number;
  /** JSON [[term, weight before IDF], …]. */
  vector: string;
  /** sha256 of the text, tags and publish time the vector was made from. */
  source_hash: string;
  indexed_at: Instant;
}

/** In how many indexed articles' vectors a term occurs. */
export interface RelatedDfTable {
  term: string;
  df: number;
}

/** One of an article's strongest terms with its weight (tf × IDF, unit vector). */
export interface RelatedTermTable {
  article_id: number;
  term: string;
  weight: number;
}

/** An article's automatic 相关新闻, computed on publish: rank 1 is the closest. */
export interface ArticleRelatedAutoTable {
  article_id: number;
  rank: number;
  related_article_id: number;
  score: number;
}

/** A newsroom age recipient (`age1…`); new tips are encrypted to every one not retired. */
export interface TipRecipientTable {
  id: Generated<number>;
  public_key: string;
  label: string;
  created_at: Instant;
  retired_at: Instant | null;
}

/** The tip inbox's settings (one row, id 1). */
export interface TipSettingsTable {
  id: number;
  /** Comma-separated staff roles that may open the inbox. */
  inbox_roles: string;
  retention_days: number;
  max_total_bytes: number;
}

/** A tip: only what the server must know. The receipt is kept as a 16-bit lookup tag and an argon2id hash. */
export interface TipTable {
  id: Generated<number>;
  receipt_tag: string;
  receipt_hash: string;
  /** The tip's own age recipient (replies are encrypted to it). */
  reader_recipient: string;
  /** The tip's age identity, age-encrypted with the receipt as scrypt passphrase (base64). */
  locked_identity: string;
  /** uploading | new | in_progress | done | spam */
  status: string;
  assignee_id: number | null;
  total_bytes: number;
  created_at: Instant;
  /** Last activity (a finished upload, a reply, a triage change): retention counts from here. */
  updated_at: Instant;
}

/** One submission or follow-up of a tip, open until finished (or deleted when it expires). */
export interface TipUploadTable {
  id: string;
  tip_id: number;
  created_at: Instant;
  finished_at: Instant | null;
}

/** An age ciphertext of a tip, stored as chunks `{file_key}/{0..chunk_count-1}` in the tip file store. */
export interface TipItemTable {
  id: Generated<number>;
  tip_id: number;
  /** The upload it came in; null for newsroom replies. */
  upload_id: string | null;
  /** message | file */
  kind: string;
  /** source | newsroom */
  author: string;
  author_id: number | null;
  file_key: string;
  chunk_count: number;
  bytes: number;
  /** 1 once its upload finished (or for replies); unfinished items are invisible. */
  complete: number;
  created_at: Instant;
}
