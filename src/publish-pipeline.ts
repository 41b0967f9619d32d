import { publishBus } from './articles/publish-events.js';
import { queueAudio } from './listen/audio.service.js';
import type { Db } from './platform/db/database.js';
import type { FileStore } from './platform/files/file-store.js';
import { refreshRelated } from './related/related.service.js';
import { onArticleEvent as updateSearchIndex } from './search/search.service.js';

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
 * write articles both attach it; `files` (where audio files live) attaches the audio subscriber.
 * Returns a function that detaches every subscriber.
 */
export function attachPublishPipeline(db: Db, log: PipelineLogger, options: { files?: FileStore } = {}): () => void {
  const bus = publishBus(db);
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
  detachers.push(bus.subscribe('related', (event) => refreshRelated(db, event.articleId)));
  detachers.push(bus.subscribe('search', (event) => updateSearchIndex(db, event)));
  // Audio is queued (rendered by the worker) or, with its file, removed; callers without the file store (unit tests) skip it.
  if (options.files) detachers.push(bus.subscribe('audio', (event) => queueAudio(db, event.articleId, { files: options.files }).then(() => undefined)));
  return () => {
    for (const detach of detachers) detach();
  };
}
