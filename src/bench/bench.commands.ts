import type { Command } from 'commander';
import type { OpenDatabase } from '../platform/db/database.js';
import { generateBenchCorpus } from './corpus.service.js';

/** What commands.ts lends the benchmark commands. */
export interface BenchCommandHelpers {
  /** Opens the configured database, runs `fn`, closes it. */
  withDatabase<T>(fn: (database: OpenDatabase) => Promise<T>): Promise<T>;
  out(line: string): void;
  /** Where progress goes; default standard error. */
  progress?: (line: string) => void;
}

/** A whole number as typed, or NaN, so the service's validation names the problem. */
const wholeNumber = (value: string): number => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);

/**
 * `xinwen bench corpus --articles N [--seed S]`: writes N generated published articles
 * (three years of news from our own word lists) to DATABASE_URL, without indexing them.
 */
export function registerBenchCommands(program: Command, helpers: BenchCommandHelpers): void {
  const { out } = helpers;
  const progress = helpers.progress ?? ((line: string) => process.stderr.write(line));
  const bench = program.command('bench').description('benchmark data');
  bench
    .command('corpus')
    .description('write N generated Chinese news articles (published, spread over three years) to the database; does not index them')
    .requiredOption('--articles <n>', 'how many articles, 1 to 1,000,000', wholeNumber)
    .option('--seed <s>', 'the same seed writes the same articles; each seed once per database (default 1)', wholeNumber)
    .action(async (o: { articles: number; seed?: number }) => {
      await helpers.withDatabase(async ({ db }) => {
        const started = performance.now();
        let shown = -1;
        const result = await generateBenchCorpus(db, {
          articles: o.articles,
          ...(o.seed !== undefined && { seed: o.seed }),
          onProgress: (done, total) => {
            const percent = Math.floor((done / total) * 100);
            if (percent === shown) return;
            shown = percent;
            progress(`\r${done}/${total} (${percent}%)${done === total ? '\n' : ''}`);
          },
        });
        const seconds = (performance.now() - started) / 1000;
        out(`Wrote ${result.articles} articles (ids ${result.firstId}–${result.lastId}) in ${seconds.toFixed(1)} s.`);
        if (result.sectionsAdded.length > 0) out(`Added sections: ${result.sectionsAdded.join(', ')}.`);
        out('They are not in the search index yet: run `xinwen reindex` to index them.');
      });
    });
}
