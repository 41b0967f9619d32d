import { z } from 'zod';
import { recordAudit } from '../newsroom/audit/audit.service.js';
import type { Db, Queryable } from '../platform/db/database.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { TERM_ACTIONS, TERM_CATEGORIES, type SpamTerm } from './model.js';
import { termSkeleton } from './phases/normalise.js';
import { bumpTermsVersion, deleteTermRow, insertTerm, selectTerm, selectTermByNormalised, selectTerms, selectTermsVersion, updateTerm } from './terms.store.js';

const TermText = z
  .string({ error: '请填写词条' })
  .trim()
  .min(1, { error: '请填写词条' })
  .max(40, { error: '词条最多 40 个字' });
const Category = z.enum(TERM_CATEGORIES, { error: `类别应为 ${TERM_CATEGORIES.join('、')} 之一` });
const Weight = z.number({ error: '权重应为 0 到 10 之间的数' }).min(0, { error: '权重应为 0 到 10 之间的数' }).max(10, { error: '权重应为 0 到 10 之间的数' });
const Action = z.enum(TERM_ACTIONS, { error: '动作应为 flag（仅加分）、hold（拦下待审）或 block（直接拒绝）' });

/** A new term of the lists. */
export const NewTermSchema = z.object({ term: TermText, category: Category, weight: Weight, action: Action });

/** Changes to a term: any of its fields. */
export const TermChangesSchema = z
  .object({ term: TermText.optional(), category: Category.optional(), weight: Weight.optional(), action: Action.optional() })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { error: '没有要修改的内容' });

/** Who changes the lists, for the audit log. */
export interface ListEditor {
  actorId: number | null;
}

/** Single characters would match everywhere (赌 in 赌气): a term's skeleton needs two. */
function skeletonOf(term: string): string {
  const normalised = termSkeleton(term);
  if ([...normalised].length < 2) {
    throw new ValidationError('词条有误', [`term: 「${term}」去掉空格和符号后不足两个字，会误伤正常内容`]);
  }
  return normalised;
}

async function assertUnused(db: Queryable, normalised: string, exceptId: number | null): Promise<void> {
  const existing = await selectTermByNormalised(db, normalised);
  if (existing && existing.id !== exceptId) {
    throw new ConflictError(`已有相同的词条「${existing.term}」（规范化后都是「${normalised}」）。`, 'term_exists');
  }
}

/** Every term, and the lists' version. */
export async function listSpamTerms(db: Db): Promise<{ terms: SpamTerm[]; version: number }> {
  const [terms, version] = await Promise.all([selectTerms(db), selectTermsVersion(db)]);
  return { terms, version };
}

/** Adds a term (validated; its skeleton must be new); audited; every process's matcher picks it up at its next check. */
export async function addSpamTerm(db: Db, input: unknown, by: ListEditor, options: { now?: Date } = {}): Promise<SpamTerm> {
  const data = parseInput(NewTermSchema, input, '词条信息有误');
  const normalised = skeletonOf(data.term);
  const now = (options.now ?? new Date()).toISOString();
  return db.transaction().execute(async (tx) => {
    await assertUnused(tx, normalised, null);
    const term: Omit<SpamTerm, 'id'> = { ...data, normalised, createdAt: now, updatedAt: now };
    const id = await insertTerm(tx, term);
    await bumpTermsVersion(tx);
    await recordAudit(tx, { actorId: by.actorId, action: 'spam_term.create', subjectType: 'spam_term', subjectId: id, details: { ...data } }, options);
    return { id, ...term };
  });
}

/** Changes a term's text, category, weight or action; audited with before and after. */
export async function changeSpamTerm(db: Db, id: number, input: unknown, by: ListEditor, options: { now?: Date } = {}): Promise<SpamTerm> {
  const changes = parseInput(TermChangesSchema, input, '词条修改有误');
  return db.transaction().execute(async (tx) => {
    const before = await selectTerm(tx, id);
    if (!before) throw new NotFoundError('没有这个词条。');
    const termText = changes.term ?? before.term;
    const normalised = changes.term === undefined ? before.normalised : skeletonOf(termText);
    await assertUnused(tx, normalised, id);
    const after: SpamTerm = {
      ...before,
      term: termText,
      normalised,
      category: changes.category ?? before.category,
      weight: changes.weight ?? before.weight,
      action: changes.action ?? before.action,
      updatedAt: (options.now ?? new Date()).toISOString(),
    };
    await updateTerm(tx, id, after);
    await bumpTermsVersion(tx);
    const pick = ({ term, category, weight, action }: SpamTerm) => ({ term, category, weight, action });
    await recordAudit(tx, { actorId: by.actorId, action: 'spam_term.change', subjectType: 'spam_term', subjectId: id, details: { before: pick(before), after: pick(after) } }, options);
    return after;
  });
}

/** Deletes a term; audited with what it was. */
export async function deleteSpamTerm(db: Db, id: number, by: ListEditor, options: { now?: Date } = {}): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const before = await selectTerm(tx, id);
    if (!before || !(await deleteTermRow(tx, id))) throw new NotFoundError('没有这个词条。');
    await bumpTermsVersion(tx);
    const { term, category, weight, action } = before;
    await recordAudit(tx, { actorId: by.actorId, action: 'spam_term.delete', subjectType: 'spam_term', subjectId: id, details: { term, category, weight, action } }, options);
  });
}
