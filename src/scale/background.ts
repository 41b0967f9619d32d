import { z } from 'zod';
import { publishBus, type ArticleEvent, type PublishBus } from '../articles/publish-events.js';
import { PUBLISH_ARTICLE_JOB, publishScheduledArticles } from '../newsroom/articles/admin-articles.service.js';
import type { Db } from '../platform/db/database.js';
import type { JobHandler, JobLogger, SharedTask } from '../platform/jobs/background-work.js';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import { purgeTips, type TipDeps } from '../tips/tips.service.js';

/** The job that runs the publish pipeline for one article event (scale mode). */
export const ARTICLE_EVENT_JOB = 'article-event';

/** How often the embedded runner looks for scheduled articles that are due. */
const SCHEDULE_CHECK_MS = 15_000;
/** How often expired tips and abandoned tip uploads are deleted. */
const TIP_RETENTION_CHECK_MS = 10 * 60_000;

/**
 * Work done once for the whole site (docs/architecture.md, "Jobs and scale mode"): scheduled
 * publishing (in scale mode a catch-up behind each article's own job) and tip retention. Both
 * are safe to run in several processes at once, as embedded mode does.
 */
export function sharedTasks(deps: { db: Db; tips: TipDeps; log: Pick<JobLogger, 'info'> }): SharedTask[] {
  return [
    {
      name: 'publish-scheduled',
      intervalMs: SCHEDULE_CHECK_MS,
      cron: '* * * * *',
      run: async (now) => {
        const published = await publishScheduledArticles(deps.db, now);
        if (published.length > 0) deps.log.info({ articles: published }, 'published scheduled articles');
      },
    },
    {
      // Tips idle past the retention days, and uploads left unfinished for an hour.
      name: 'tips-retention',
      intervalMs: TIP_RETENTION_CHECK_MS,
      cron: '*/10 * * * *',
      run: async (now) => {
        const purged = await purgeTips(deps.tips, { now });
        if (purged.tips + purged.uploads > 0) deps.log.info(purged, 'purged tips');
      },
    },
  ];
}

/** Retries of a failed relay (the database did not take the job), 200 ms apart and doubling. */
const RELAY_RETRIES = 3;

/**
 * Scale mode: every article event emitted in this process becomes a stored job, so the publish
 * pipeline's work (purges, search, related, audio) is done by a worker even if this process dies
 * right after its change committed. One job per article and event type: repeats collapse while
 * they wait, and each subscriber looks at the article as it is when the job runs. A relay that
 * still fails after its retries is logged as an error (`xinwen reindex` redoes what it missed).
 * Returns a function that detaches the relay.
 */
export function relayArticleEvents(db: Db, queue: JobQueue, log: Pick<JobLogger, 'warn' | 'error'>): () => void {
  const bus = publishBus(db);
  bus.configure({
    retries: RELAY_RETRIES,
    retryDelayMs: 200,
    onFailure: ({ event, error, attempts }) => {
      const details = { event, attempts, err: error };
      if (attempts > RELAY_RETRIES) log.error(details, `jobs: could not store ${event.type} ${event.articleId} for the workers`);
      else log.warn(details, `jobs: storing ${event.type} ${event.articleId} failed; retrying`);
    },
  });
  return bus.subscribe('jobs', (event) =>
    queue.add(ARTICLE_EVENT_JOB, { type: event.type, articleId: event.articleId }, { jobKey: `${ARTICLE_EVENT_JOB}:${event.articleId}:${event.type}` }),
  );
}

const ArticleEventPayload = z.object({
  type: z.enum(['article.published', 'article.changed', 'article.unpublished']),
  articleId: z.number().int().min(1),
});
const PublishArticlePayload = z.object({ articleId: z.number().int().min(1), publishAt: z.string().datetime({ offset: true }) });

/**
 * The one-off jobs `xinwen worker` runs. `pipeline` is a bus with the publish pipeline attached,
 * apart from the database handle's bus (which relays this worker's own events, such as a
 * scheduled publish, into jobs like everyone else's).
 */
export function workerJobs(deps: { db: Db; pipeline: PublishBus }): Record<string, JobHandler> {
  return {
    [ARTICLE_EVENT_JOB]: async (payload) => {
      const event: ArticleEvent = ArticleEventPayload.parse(payload);
      deps.pipeline.emit(event);
      // Subscribers retry and report their own failures (publish-pipeline.ts); the job is done
      // when they have all finished.
      await deps.pipeline.idle();
    },
    [PUBLISH_ARTICLE_JOB]: async (payload) => {
      const { publishAt } = PublishArticlePayload.parse(payload);
      // Never earlier than the time the job was set for, whatever this machine's clock says
      // against the database's (graphile-worker decides when a job is due by the database's).
      const now = new Date(Math.max(Date.now(), Date.parse(publishAt)));
      await publishScheduledArticles(deps.db, now);
    },
  };
}
