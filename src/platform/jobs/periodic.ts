/** A task run every `intervalMs`; its result is only logged. */
export interface PeriodicTask {
  name: string;
  intervalMs: number;
  run(now: Date): Promise<unknown>;
}

export interface PeriodicRunnerOptions {
  tasks: PeriodicTask[];
  /** Where failures go; a failure never stops the task's next run. */
  onError(task: string, error: unknown): void;
  /** Clock, for tests. Default: `() => new Date()`. */
  now?: () => Date;
}

export interface PeriodicRunner {
  /** Runs every task once now (tests and start-up use it). */
  runAll(): Promise<void>;
  /** Stops the timers and waits for runs in progress. */
  stop(): Promise<void>;
}

/**
 * Runs in-process periodic tasks (the embedded job runner). A task never overlaps itself;
 * timers are unref'd so they never keep a process alive. Tasks must be safe to run in several
 * processes at once (scheduled publishing is, by its conditional update).
 */
export function startPeriodicRunner(options: PeriodicRunnerOptions): PeriodicRunner {
  const now = options.now ?? (() => new Date());
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  const runTask = (task: PeriodicTask): Promise<void> => {
    const inFlight = running.get(task.name);
    if (inFlight) return inFlight;
    const run = task
      .run(now())
      .then(
        () => undefined,
        (error: unknown) => options.onError(task.name, error),
      )
      .finally(() => running.delete(task.name));
    running.set(task.name, run);
    return run;
  };

  const timers = options.tasks.map((task) => {
    const timer = setInterval(() => {
      if (!stopped) void runTask(task);
    }, task.intervalMs);
    timer.unref();
    return timer;
  });

  return {
    async runAll() {
      await Promise.all(options.tasks.map(runTask));
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
