import { z } from 'zod';
import { insertPublishedArticlesBulk } from '../articles/bulk-insert.service.js';
import { saveSection, sectionBySlug } from '../articles/outlet.service.js';
import type { Db } from '../platform/db/database.js';
import { parseInput } from '../platform/validation.js';
import { benchArticle, benchSections } from './corpus.js';

export const MAX_CORPUS_ARTICLES = 1_000_000;

const ARTICLES_MESSAGE = `文章数须为 1 到 1,000,000 之间的整数 (--articles must be a whole number from 1 to 1,000,000)`;
const SEED_MESSAGE = '种子须为 0 到 2147483647 之间的整数 (--seed must be a whole number from 0 to 2147483647)';

const CorpusOptionsSchema = z.object({
  articles: z.number({ error: ARTICLES_MESSAGE }).int({ error: ARTICLES_MESSAGE }).min(1, { error: ARTICLES_MESSAGE }).max(MAX_CORPUS_ARTICLES, { error: ARTICLES_MESSAGE }),
  seed: z.number({ error: SEED_MESSAGE }).int({ error: SEED_MESSAGE }).min(0, { error: SEED_MESSAGE }).max(2_147_483_647, { error: SEED_MESSAGE }),
  batchSize: z.number().int().min(1).max(10_000),
});

/** How `generateBenchCorpus` runs. */
export interface CorpusOptions {
  /** How many articles to write (1 to 1,000,000). */
  articles: number;
  /** The same seed writes the same articles; default 1. A seed can be written once per database. */
  seed?: number;
  /** The newest article's time; default now. The corpus spans the three years before it. */
  end?: Date;
  /** Articles per transaction; default 1,000. */
  batchSize?: number;
  /** Called after each batch. */
  onProgress?: (done: number, total: number) => void;
}

export interface CorpusResult {
  articles: number;
  /** Ids of the first and last article written. */
  firstId: number;
  lastId: number;
  /** Sections added because the database had none with that slug. */
  sectionsAdded: string[];
}

/**
 * Writes a benchmark corpus of published articles (see corpus.ts) to the database in
 * transactions of `batchSize`, adding the benchmark desks that are missing (existing
 * sections are left as they are). Nothing is indexed or announced: rebuild the search index
 * afterwards (`xinwen reindex`), which is what the search benchmark times.
 * @example await generateBenchCorpus(db, { articles: 100_000, seed: 7 })
 */
export async function generateBenchCorpus(db: Db, options: CorpusOptions): Promise<CorpusResult> {
  const { articles, seed, batchSize } = parseInput(
    CorpusOptionsSchema,
    { articles: options.articles, seed: options.seed ?? 1, batchSize: options.batchSize ?? 1_000 },
    '基准语料参数无效',
  );
  const sectionsAdded: string[] = [];
  for (const section of benchSections()) {
    if (await sectionBySlug(db, section.slug)) continue;
    await saveSection(db, section);
    sectionsAdded.push(section.slug);
  }
  const plan = { seed, total: articles, end: options.end ?? new Date() };
  let firstId = 0;
  let lastId = 0;
  for (let start = 0; start < articles; start += batchSize) {
    const batch = [];
    for (let i = start; i < Math.min(start + batchSize, articles); i++) batch.push(benchArticle(plan, i));
    const ids = await insertPublishedArticlesBulk(db, batch, plan.end);
    if (start === 0) firstId = ids[0] ?? 0;
    lastId = ids.at(-1) ?? lastId;
    options.onProgress?.(start + batch.length, articles);
  }
  return { articles, firstId, lastId, sectionsAdded };
}
