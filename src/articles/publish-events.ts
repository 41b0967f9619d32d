import type { Db } from '../platform/db/database.js';

/** What happened to an article on the public site. */
export type ArticleEventType = 'article.published' | 'article.changed' | 'article.unpublished';

export interface ArticleEvent {
  type: ArticleEventType;
  articleId: number;
}

/** A subscriber: derived data (search index, related news, caches) brought up to date. */
export type ArticleEventHandler = (event: ArticleEvent) => Promise<void>;

export interface SubscriberFailure {
  subscriber: string;
  event: ArticleEvent;
  error: unknown;
  attempts: number;
}

export interface PublishBusOptions {
  /** Told about each failed attempt; the last one has `attempts === retries + 1`. */
  onFailure?: (failure: SubscriberFailure) => void;
  /** Attempts after the first failure, with a doubling delay from `retryDelayMs`. */
  retries?: number;
  retryDelayMs?: number;
}

/**
 * The typed in-process publish bus (docs/architecture.md, "The publish pipeline"). Services
 * commit a change, then emit; every subscriber runs after that, on its own, so a subscriber's
 * failure never undoes or delays the publish. A failed delivery is retried, then reported.
 */
export interface PublishBus {
  /** Adds a subscriber under a name (used in failure reports); returns its unsubscribe. */
  subscribe(name: string, handler: ArticleEventHandler): () => void;
  emit(event: ArticleEvent): void;
  /** Resolves once every delivery started so far (retries included) has finished. */
  idle(): Promise<void>;
  configure(options: PublishBusOptions): void;
}

/**
 * A bus of its own, not tied to a database handle: `xinwen worker` delivers the events it takes
 * from jobs on one, apart from the handle's bus that turns its own events into jobs.
 */
export function createPublishBus(): PublishBus {
  const subscribers = new Map<string, ArticleEventHandler>();
  const pending = new Set<Promise<void>>();
  let options: Required<Pick<PublishBusOptions, 'retries' | 'retryDelayMs'>> & PublishBusOptions = { retries: 2, retryDelayMs: 500 };

  const deliver = async (name: string, handler: ArticleEventHandler, event: ArticleEvent) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await handler(event);
        return;
      } catch (error) {
        options.onFailure?.({ subscriber: name, event, error, attempts: attempt });
        if (attempt > options.retries) return;
        await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  };

  return {
    subscribe(name, handler) {
      if (subscribers.has(name)) throw new Error(`publish bus: subscriber ${name} is already attached`);
      subscribers.set(name, handler);
      return () => void subscribers.delete(name);
    },
    emit(event) {
      for (const [name, handler] of subscribers) {
        const delivery = deliver(name, handler, event).finally(() => pending.delete(delivery));
        pending.add(delivery);
      }
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    configure(next) {
      options = { ...options, ...next };
    },
  };
}

// One bus per database handle: every app (and every test server) that opens its own database
// gets its own subscribers, and services reach the bus through the `db` they already take.
const buses = new WeakMap<Db, PublishBus>();

/** The publish bus of this database handle. */
export function publishBus(db: Db): PublishBus {
  let bus = buses.get(db);
  if (!bus) {
    bus = createPublishBus();
    buses.set(db, bus);
  }
  return bus;
}

/**
 * Emits what a committed change meant for the public site, from whether the article was
 * public before and after it: published, changed (still public) or unpublished. A change to
 * copy that was never public emits nothing.
 */
export function announceArticleChange(db: Db, articleId: number, wasPublic: boolean, isPublic: boolean): void {
  const type: ArticleEventType | null = isPublic ? (wasPublic ? 'article.changed' : 'article.published') : wasPublic ? 'article.unpublished' : null;
  if (type) publishBus(db).emit({ type, articleId });
}
