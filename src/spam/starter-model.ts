import { readFileSync } from 'node:fs';
import type { Db } from '../platform/db/database.js';
import { addCounts, claimStarterModel, selectDocCounts, type TokenCounts } from './bayes.store.js';
import { textTokens } from './pipeline.js';

/** A labelled line of a fixture file. */
export interface LabelledText {
  label: 'spam' | 'ham';
  text: string;
  line: number;
}

/** Reads `label<TAB>text` lines; blank lines and lines starting with # are skipped. */
export function readLabelledFile(path: string | URL): LabelledText[] {
  const out: LabelledText[] = [];
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      if (raw.trim() === '' || raw.startsWith('#')) return;
      const tab = raw.indexOf('\t');
      const label = raw.slice(0, tab);
      if (tab < 0 || (label !== 'spam' && label !== 'ham')) throw new Error(`${String(path)}:${i + 1}: expected "spam|ham<TAB>text"`);
      out.push({ label, text: raw.slice(tab + 1), line: i + 1 });
    });
  return out;
}

/** The training set the starter model learns from; the evaluation set is a different file. */
export const TRAINING_FILE = new URL('./fixtures/train.tsv', import.meta.url);

const seeded = new WeakSet<Db>();

/**
 * Trains the starter model from the training set the first time any process needs it. The
 * tokens are counted first (the matcher reads the database); then one transaction claims the
 * state row's `model_seeded` flag and adds the counts, so concurrent processes train it once.
 * Done at first use rather than in the migration, so the model is built with the current
 * tokeniser while migrations stay frozen.
 */
export async function ensureStarterModel(db: Db): Promise<void> {
  if (seeded.has(db)) return;
  if ((await selectDocCounts(db)).seeded) {
    seeded.add(db);
    return;
  }
  const counts = new Map<string, TokenCounts>();
  const docs = { spam: 0, ham: 0 };
  for (const { label, text } of readLabelledFile(TRAINING_FILE)) {
    docs[label]++;
    for (const token of await textTokens(db, text)) {
      const c = counts.get(token) ?? { spam: 0, ham: 0 };
      c[label]++;
      counts.set(token, c);
    }
  }
  await db.transaction().execute(async (tx) => {
    if (await claimStarterModel(tx)) await addCounts(tx, counts, docs);
  });
  seeded.add(db);
}
