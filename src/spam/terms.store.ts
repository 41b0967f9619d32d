import type { Selectable } from 'kysely';
import type { Queryable } from '../platform/db/database.js';
import type { SpamTermTable } from '../platform/db/schema.js';
import type { SpamTerm, TermAction, TermCategory } from './model.js';

function toTerm(row: Selectable<SpamTermTable>): SpamTerm {
  return {
    id: row.id,
    term: row.term,
    normalised: row.normalised,
    category: row.category as TermCategory,
    weight: Number(row.weight),
    action: row.action as TermAction,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every term, by category then term. */
export async function selectTerms(db: Queryable): Promise<SpamTerm[]> {
  const rows = await db.selectFrom('spam_terms').selectAll().orderBy('category').orderBy('normalised').execute();
  return rows.map(toTerm);
}

export async function selectTerm(db: Queryable, id: number): Promise<SpamTerm | null> {
  const row = await db.selectFrom('spam_terms').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTerm(row) : null;
}

export async function selectTermByNormalised(db: Queryable, normalised: string): Promise<SpamTerm | null> {
  const row = await db.selectFrom('spam_terms').selectAll().where('normalised', '=', normalised).executeTakeFirst();
  return row ? toTerm(row) : null;
}

export async function insertTerm(db: Queryable, term: Omit<SpamTerm, 'id'>): Promise<number> {
  const { id } = await db
    .insertInto('spam_terms')
    .values({
      term: term.term,
      normalised: term.normalised,
      category: term.category,
      weight: term.weight,
      action: term.action,
      created_at: term.createdAt,
      updated_at: term.updatedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateTerm(db: Queryable, id: number, term: Omit<SpamTerm, 'id' | 'createdAt'>): Promise<void> {
  await db
    .updateTable('spam_terms')
    .set({ term: term.term, normalised: term.normalised, category: term.category, weight: term.weight, action: term.action, updated_at: term.updatedAt })
    .where('id', '=', id)
    .execute();
}

export async function deleteTermRow(db: Queryable, id: number): Promise<boolean> {
  const result = await db.deleteFrom('spam_terms').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The term lists' version: every change bumps it, and each process rebuilds its matcher when it moves. */
export async function selectTermsVersion(db: Queryable): Promise<number> {
  const row = await db.selectFrom('spam_state').select('terms_version').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.terms_version);
}

export async function bumpTermsVersion(db: Queryable): Promise<void> {
  await db
    .updateTable('spam_state')
    .set((eb) => ({ terms_version: eb('terms_version', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}
