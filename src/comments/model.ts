/** Plain data types of the comments feature, shared by store, service, routes and views. */

export const COMMENT_STATUSES = ['pending', 'approved', 'rejected', 'held', 'deleted'] as const;
/** pending: waiting for pre-moderation; held: held by the filters; deleted: by its author. */
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export const COMMENT_SORTS = ['newest', 'oldest', 'liked'] as const;
export type CommentSort = (typeof COMMENT_SORTS)[number];

/** One signal of the spam verdict, as stored with the comment and shown to moderators. */
export interface SpamReason {
  phase: string;
  detail: string;
  score: number;
}

/** A comment row as the service sees it. */
export interface CommentRecord {
  id: number;
  articleId: number;
  parentId: number | null;
  rootId: number | null;
  depth: number;
  threadPath: string;
  authorKey: string;
  readerId: number | null;
  authorName: string;
  body: string;
  status: CommentStatus;
  visible: boolean;
  likes: number;
  openReports: number;
  spamScore: number;
  spamAction: string;
  spamReasons: SpamReason[];
  createdAt: string;
  editedAt: string | null;
  moderatedBy: number | null;
  moderatedAt: string | null;
  rejectReason: string | null;
}

/** A piece of a comment's text: plain text, or a link the server found and checked (http/https only). */
export type TextSegment = { type: 'text'; text: string } | { type: 'link'; text: string; href: string };

/** Who is asking, as far as comments care. */
export interface Commenter {
  kind: 'reader' | 'guest';
  /** `r:{id}` or `g:{hash}`. */
  key: string;
  readerId: number | null;
  /** The reader's display name; null for a guest (who names themselves per comment). */
  displayName: string | null;
  /** A reader whose email is not verified yet. */
  verified: boolean;
}

/** A comment as readers get it (API and pages): no spam data, no author key. */
export interface PublicComment {
  id: number;
  parentId: number | null;
  rootId: number | null;
  /** Indentation to show: the real depth capped at MAX_DISPLAY_DEPTH. */
  displayDepth: number;
  /** Whom it answers, when the indentation alone cannot show it. */
  replyTo: string | null;
  authorName: string;
  authorKind: 'reader' | 'guest';
  /** Empty for a deleted comment kept as a placeholder. */
  segments: TextSegment[];
  body: string;
  status: CommentStatus;
  likes: number;
  createdAt: string;
  editedAt: string | null;
  /** The viewer wrote it. */
  mine: boolean;
  /** The viewer liked it. */
  liked: boolean;
  /** Until when the viewer may still edit it (their own, within the window); null otherwise. */
  editableUntil: string | null;
}

/** A top comment with the first replies of its thread. */
export interface PublicThread extends PublicComment {
  replies: PublicComment[];
  /** Visible replies in the thread beyond those included. */
  moreReplies: number;
  /** Cursor for GET /api/comments/{id}/replies when moreReplies > 0. */
  repliesCursor: string | null;
}

/** Settings as they apply to one article, after inheritance. */
export interface EffectiveSettings {
  mode: 'post' | 'pre';
  /** Comments a commenter needs approved before theirs are published at once; 0 = off. */
  newCommenterApprovals: number;
  holdLinks: boolean;
  guestsAllowed: boolean;
  /** Days after publication when comments close; 0 = never. */
  closeAfterDays: number;
  closed: boolean;
}

/** Overrides stored for one scope; null inherits. */
export type SettingsOverrides = { [K in keyof EffectiveSettings]: EffectiveSettings[K] | null };

export type SettingsScope = 'outlet' | 'section' | 'article';

/** What applies when nothing was set: post-moderation, links held, guests welcome, never closed. */
export const DEFAULT_SETTINGS: EffectiveSettings = {
  mode: 'post',
  newCommenterApprovals: 0,
  holdLinks: true,
  guestsAllowed: true,
  closeAfterDays: 0,
  closed: false,
};
