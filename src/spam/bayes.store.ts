import type { Queryable } from '../platform/db/database.js';

/** Per token: in how many spam and ham documents it occurred. */
export interface TokenCounts {
  spam: number;
  ham: number;
}

/** How many documents of each class the model has learnt from. */
export interface DocCounts {
  spam: number;
  ham: number;
}

// Three parameters a row: well under SQLite's and PostgreSQL's parameter limits.
const CHUNK = 300;

/** The counts of those of `tokens` the model has seen (others are absent from the map). */
export async function selectTokenCounts(db: Queryable, tokens: readonly string[]): Promise<Map<string, TokenCounts>> {
  const counts = new Map<string, TokenCounts>();
  for (let i = 0; i < tokens.length; i += CHUNK) {
    const rows = await db
      .selectFrom('spam_bayes_tokens')
      .select(['token', 'spam_count', 'ham_count'])
      .where('token', 'in', tokens.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) counts.set(row.token, { spam: Number(row.spam_count), ham: Number(row.ham_count) });
  }
  return counts;
}

/** Adds counts to tokens (creating the ones not seen before) and documents to the totals. */
export async function addCounts(db: Queryable, tokens: Map<string, TokenCounts>, docs: DocCounts): Promise<void> {
  const rows = [...tokens].map(([token, c]) => ({ token, spam_count: c.spam, ham_count: c.ham }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('spam_bayes_tokens')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.column('token').doUpdateSet((eb) => ({
          spam_count: eb('spam_bayes_tokens.spam_count', '+', eb.ref('excluded.spam_count')),
          ham_count: eb('spam_bayes_tokens.ham_count', '+', eb.ref('excluded.ham_count')),
        })),
      )
      .execute();
  }
  await db
    .updateTable('spam_state')
    .set((eb) => ({ spam_docs: eb('spam_docs', '+', docs.spam), ham_docs: eb('ham_docs', '+', docs.ham) }))
    .where('id', '=', 1)
    .execute();
}

export async function selectDocCounts(db: Queryable): Promise<DocCounts & { seeded: boolean }> {
  const row = await db.selectFrom('spam_state').select(['spam_docs', 'ham_docs', 'model_seeded']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { spam: Number(row.spam_docs), ham: Number(row.ham_docs), seeded: Number(row.model_seeded) === 1 };
}

/**
 * Marks the starter model as trained; true only for the one caller that changed it, so
 * concurrent processes train it exactly once (call inside the training transaction).
 */
export async function claimStarterModel(db: Queryable): Promise<boolean> {
  const result = await db.updateTable('spam_state').set({ model_seeded: 1 }).where('id', '=', 1).where('model_seeded', '=', 0).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
