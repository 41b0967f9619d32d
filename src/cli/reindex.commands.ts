import type { Command } from 'commander';
import type { OpenDatabase } from '../platform/db/database.js';
import { rebuildRelated } from '../related/related.service.js';
import { rebuildSearchIndex } from '../search/search.service.js';
import { progressBar, type ProgressStream } from './progress.js';

/** What commands.ts lends the reindex command. */
export interface ReindexCommandHelpers {
  /** Opens the configured database, runs `fn`, closes it. */
  withDatabase<T>(fn: (database: OpenDatabase) => Promise<T>): Promise<T>;
  out(line: string): void;
}

/**
 * `xinwen reindex`: rebuilds what the publish pipeline derives from the published articles —
 * the search index, then related news — each with its own progress bar. Searches and article
 * pages keep working meanwhile.
 */
export function registerReindexCommand(program: Command, helpers: ReindexCommandHelpers, progress: ProgressStream = process.stderr): void {
  program
    .command('reindex')
    .description('rebuild the search index and related news from every published article (the site keeps working meanwhile)')
    .action(async () => {
      await helpers.withDatabase(async ({ db }) => {
        const result = await rebuildSearchIndex(db, { onProgress: progressBar('搜索索引', progress) });
        helpers.out(
          `search index rebuilt: ${result.indexed} articles in ${(result.ms / 1000).toFixed(1)} s` +
            (result.removed > 0 ? `, ${result.removed} no longer published removed` : ''),
        );
        const started = performance.now();
        const related = await rebuildRelated(db, { onProgress: progressBar('相关新闻', progress) });
        helpers.out(`related news rebuilt: ${related} articles in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      });
    });
}
