import { z } from 'zod';
import { allSections } from '../articles/outlet.service.js';
import type { Db, Queryable } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { recordAudit } from '../newsroom/audit/audit.service.js';
import { worksOnDesk, type Actor } from '../newsroom/staff/actor.js';
import { moderatedSections } from './moderation.service.js';
import { selectCommentableArticle, type CommentableArticle } from './comment.store.js';
import { selectSettingsChain, upsertSettings } from './comment-settings.store.js';
import { DEFAULT_SETTINGS, type EffectiveSettings, type SettingsOverrides, type SettingsScope } from './model.js';

const DAY_MS = 24 * 3600 * 1000;

/** Applies overrides from the widest scope to the narrowest over the defaults. */
export function mergeSettings(...layers: SettingsOverrides[]): EffectiveSettings {
  const result: EffectiveSettings = { ...DEFAULT_SETTINGS };
  for (const layer of layers) {
    for (const key of Object.keys(layer) as (keyof EffectiveSettings)[]) {
      const value = layer[key];
      if (value !== null) (result as Record<keyof EffectiveSettings, unknown>)[key] = value;
    }
  }
  return result;
}

/** The settings that apply to an article: outlet, then its section, then the article itself. */
export async function settingsForArticle(db: Queryable, article: Pick<CommentableArticle, 'id' | 'sectionId'>): Promise<EffectiveSettings> {
  const chain = await selectSettingsChain(db, article.sectionId, article.id);
  return mergeSettings(chain.outlet, chain.section, chain.article);
}

/** Why comments are closed on an article now, or null when they are open. */
export function closedReason(settings: EffectiveSettings, publishedAt: string | null, now: Date): string | null {
  if (settings.closed) return '本文评论已关闭。';
  if (settings.closeAfterDays > 0 && publishedAt && now.getTime() > Date.parse(publishedAt) + settings.closeAfterDays * DAY_MS) {
    return `本文发布已超过 ${settings.closeAfterDays} 天，评论已关闭。`;
  }
  return null;
}

const nullableBool = z.boolean().nullable().optional();

/** A change to one scope's settings: a field left out stays as it is, null inherits again. */
export const SettingsChangeSchema = z
  .object({
    scope: z.enum(['outlet', 'section', 'article'], { message: '范围须为 outlet、section 或 article' }),
    id: z.number({ message: '须为编号' }).int().min(0).default(0),
    mode: z.enum(['post', 'pre'], { message: '模式须为 post（先发后审）或 pre（先审后发）' }).nullable().optional(),
    newCommenterApprovals: z.number().int().min(0, '不能小于 0').max(100, '不能超过 100').nullable().optional(),
    holdLinks: nullableBool,
    guestsAllowed: nullableBool,
    closeAfterDays: z.number().int().min(0, '不能小于 0').max(3650, '不能超过 3650 天').nullable().optional(),
    closed: nullableBool,
  })
  .strict();

export const SettingsQuerySchema = z.object({
  scope: z.enum(['outlet', 'section', 'article'], { message: '范围须为 outlet、section 或 article' }).default('outlet'),
  id: z.coerce.number({ message: '须为编号' }).int().min(0).default(0),
});

/** The settings of one scope: its own overrides and what applies there after inheritance. */
export interface ScopeSettings {
  scope: SettingsScope;
  id: number;
  overrides: SettingsOverrides;
  effective: EffectiveSettings;
}

/** Moderators, admins and all-desk editors set comments everywhere; other editors on their desks' sections and articles. */
async function resolveScope(db: Queryable, actor: Actor, scope: SettingsScope, id: number): Promise<{ sectionId: number | null; articleId: number | null }> {
  const everywhere = moderatedSections(actor) === null;
  if (scope === 'outlet') {
    if (!everywhere) throw new ForbiddenError('只有管理员、评论审核员和负责全部栏目的编辑可以修改全站评论设置。');
    return { sectionId: null, articleId: null };
  }
  if (scope === 'section') {
    if (!(await allSections(db)).some((s) => s.id === id)) throw new NotFoundError('没有这个栏目。');
    if (!everywhere && !worksOnDesk(actor, id)) throw new ForbiddenError('您只能修改自己负责栏目的评论设置。');
    return { sectionId: id, articleId: null };
  }
  const article = await selectCommentableArticle(db, id);
  if (!article) throw new NotFoundError('没有这篇稿件。');
  if (!everywhere && !worksOnDesk(actor, article.sectionId)) throw new ForbiddenError('您只能修改自己负责栏目的稿件的评论设置。');
  return { sectionId: article.sectionId, articleId: article.id };
}

async function readScope(db: Queryable, scope: SettingsScope, id: number, ids: { sectionId: number | null; articleId: number | null }): Promise<ScopeSettings> {
  const chain = await selectSettingsChain(db, ids.sectionId, ids.articleId);
  const layers = scope === 'outlet' ? [chain.outlet] : scope === 'section' ? [chain.outlet, chain.section] : [chain.outlet, chain.section, chain.article];
  return { scope, id: scope === 'outlet' ? 0 : id, overrides: chain[scope], effective: mergeSettings(...layers) };
}

/** One scope's comment settings, for the admin form. */
export async function getScopeSettings(db: Queryable, actor: Actor, query: unknown): Promise<ScopeSettings> {
  const { scope, id } = parseInput(SettingsQuerySchema, query, '评论设置的查询参数有误');
  return readScope(db, scope, id, await resolveScope(db, actor, scope, id));
}

/** Changes one scope's comment settings (audited) and returns them. */
export async function changeScopeSettings(db: Db, actor: Actor, input: unknown, options: { now?: Date } = {}): Promise<ScopeSettings> {
  const change = parseInput(SettingsChangeSchema, input, '评论设置有误');
  const now = options.now ?? new Date();
  return db.transaction().execute(async (tx) => {
    const ids = await resolveScope(tx, actor, change.scope, change.id);
    const scopeId = change.scope === 'outlet' ? 0 : change.id;
    const before = (await readScope(tx, change.scope, scopeId, ids)).overrides;
    const next: SettingsOverrides = { ...before };
    for (const key of Object.keys(before) as (keyof SettingsOverrides)[]) {
      const value = change[key];
      if (value !== undefined) (next as Record<string, unknown>)[key] = value;
    }
    await upsertSettings(tx, change.scope, scopeId, next, actor.id, now.toISOString());
    await recordAudit(tx, { actorId: actor.id, action: 'comment.settings_change', subjectType: `comment_settings_${change.scope}`, subjectId: scopeId, details: { before, after: next } }, { now });
    return readScope(tx, change.scope, scopeId, ids);
  });
}
