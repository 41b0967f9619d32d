import type { Db } from '../platform/db/database.js';
import type { FileStore } from '../platform/files/file-store.js';
import { startPeriodicRunner } from '../platform/jobs/periodic.js';
import { requeueUnavailable } from './audio.store.js';
import { onAudioQueued, renderNextQueued, type RenderNextResult } from './audio.service.js';
import type { SpeechEngine } from './speech-engine.js';

/** How often the worker looks for due work when nothing wakes it (retries after backoff, rows left by dead processes). */
export const AUDIO_CHECK_MS = 30_000;

export interface AudioWorkerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface AudioWorkerOptions {
  db: Db;
  files: FileStore;
  engine: SpeechEngine;
  log: AudioWorkerLogger;
  /** Default AUDIO_CHECK_MS. */
  intervalMs?: number;
}

export interface AudioWorker {
  /** Renders everything due now, one article at a time (tests and start-up). */
  drain(): Promise<void>;
  /** Stops the timer and waits for the article being rendered. */
  stop(): Promise<void>;
}

/**
 * The in-process audio renderer (the embedded job runner): woken at once when the publish
 * pipeline queues audio, and every {@link AUDIO_CHECK_MS} otherwise; renders one article at a
 * time until nothing is due. Claims are conditional updates, so several processes may run it.
 * Without espeak-ng it says so once in the log and leaves the rows 'unavailable' (the player
 * uses the browser's voices); once espeak-ng is there, those rows are queued again at start.
 */
export function startAudioWorker({ db, files, engine, log, intervalMs = AUDIO_CHECK_MS }: AudioWorkerOptions): AudioWorker {
  let stopped = false;
  let warned = false;
  let checkedEngine = false;

  const drainOnce = async (): Promise<void> => {
    if (!checkedEngine) {
      checkedEngine = true;
      if (await engine.available()) {
        const requeued = await requeueUnavailable(db, new Date().toISOString());
        if (requeued > 0) log.info({ requeued }, 'audio: speech engine available, queued articles it could not render before');
      }
    }
    while (!stopped) {
      const result: RenderNextResult | null = await renderNextQueued(db, files, engine);
      if (!result) return;
      if (result.outcome === 'unavailable') {
        if (!warned) log.warn({ articleId: result.articleId, engine: engine.id }, 'audio: speech engine not installed; articles are read by the browser\'s voices');
        warned = true;
      } else if (result.outcome === 'failed') {
        log.error({ articleId: result.articleId }, 'audio: rendering failed for good');
      } else if (result.outcome === 'queued') {
        log.warn({ articleId: result.articleId }, 'audio: rendering failed; will retry');
      }
    }
  };

  // One drain at a time; a wake-up during a drain makes it look again before it ends (its last
  // look may have come just before the new row was written).
  let running: Promise<void> | null = null;
  let again = false;
  const kick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await drainOnce();
        } while (again && !stopped);
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const runner = startPeriodicRunner({
    tasks: [{ name: 'audio-render', intervalMs, run: kick }],
    onError: (task, err) => log.error({ err, task }, 'audio worker failed'),
  });
  const wake = () => {
    kick().catch((err: unknown) => log.error({ err, task: 'audio-render' }, 'audio worker failed'));
  };
  const detach = onAudioQueued(db, wake);
  // Work queued before this process started (or by a dead one).
  wake();

  return {
    async drain() {
      // Waits for a drain in flight, then drains once more for anything it left.
      await running?.catch(() => undefined);
      await kick();
    },
    async stop() {
      stopped = true;
      detach();
      await runner.stop();
      await running?.catch(() => undefined);
    },
  };
}
