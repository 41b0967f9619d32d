import { publishBus, type PublishBus } from './articles/publish-events.js';
import { queueAudio } from './listen/audio.service.js';
import type { Db } from './platform/db/database.js';
import type { FileStore } from './platform/files/file-store.js';
import type { PurgeChannel } from './platform/cache/purge-channel.js';
import { refreshRelated } from './related/related.service.js';
import { onArticleEvent as updateSearchIndex } from './search/search.service.js';
import { purgePagesFor } from './web/page-purges.js';
import { surrogateKey } from './web/surrogate-keys.js';

/** Where the pipeline reports a subscriber's failures (Fastify's or the CLI's logger). */
export interface PipelineLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Retries after a subscriber's first failure; the delay doubles from one second. */
const RETRIES = 3;

/**
 * Attaches the publish pipeline's subscribers to the database's publish bus (see
 * docs/architecture.md, "The publish pipeline"): each keeps one kind of derived data current
 * when an article is published, changed or unpublished. The server and the CLI commands that
 * write articles both attach it; `files` (where audio files live) attaches the audio subscriber,
 * `purges` (where page caches listen) the cache subscriber. Returns a function that detaches
 * every subscriber.
 */
export function attachPublishPipeline(
  db: Db,
  log: PipelineLogger,
  options: { files?: FileStore; bus?: PublishBus; purges?: PurgeChannel } = {},
): () => void {
  // A worker passes a bus of its own (see src/scale/background.ts); everyone else the handle's.
  const bus = options.bus ?? publishBus(db);
  bus.configure({
    retries: RETRIES,
    retryDelayMs: 1_000,
    onFailure: ({ subscriber, event, error, attempts }) => {
      const details = { subscriber, event, attempts, err: error };
      if (attempts > RETRIES) log.error(details, `publish pipeline: ${subscriber} gave up on ${event.type} ${event.articleId}`);
      else log.warn(details, `publish pipeline: ${subscriber} failed on ${event.type} ${event.articleId}; retrying`);
    },
  });
  const detachers: (() => void)[] = [];
  // Whatever the event, the article's state now decides: published is (re)indexed, anything else removed.
  const { purges } = options;
  // Pages showing the article are purged at once; its own page once more after its 相关新闻 is
  // recomputed, since a reader may have refilled it in between with the old list.
  detachers.push(
    bus.subscribe('related', async (event) => {
      await refreshRelated(db, event.articleId);
      await purges?.publish([surrogateKey.article(event.articleId)]);
    }),
  );
  if (purges) detachers.push(bus.subscribe('cache', (event) => purgePagesFor(db, event, purges)));
  detachers.push(bus.subscribe('search', (event) => updateSearchIndex(db, event)));
  // Audio is queued (rendered by the worker) or, with its file, removed; callers without the file store (unit tests) skip it.
  if (options.files) detachers.push(bus.subscribe('audio', (event) => queueAudio(db, event.articleId, { files: options.files }).then(() => undefined)));
  return () => {
    for (const detach of detachers) detach();
  };
}
