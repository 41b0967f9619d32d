import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_HEAP_GROWTH_PERCENT } from './platform/heap.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const ConfigSchema = z.object({
  databaseUrl: z.string().min(1),
  dataDir: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  /** Public origin for canonical URLs and Open Graph, without a trailing slash. */
  publicUrl: z
    .string()
    .url()
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  logLevel: z.enum(LOG_LEVELS),
  /**
   * Redis for scale mode, `redis://host:6379/0`: view counts, staff sessions, rate limits and
   * page-cache purges are shared there by every process; without it they stay in process or the database.
   */
  redisUrl: z
    .string()
    .url()
    .refine((u) => /^rediss?:\/\//i.test(u), { message: 'REDIS_URL must start with redis:// or rediss://' })
    .optional(),
  /** Start of every Redis key, so several sites (or test runs) can share one Redis. */
  redisPrefix: z.string().min(1).max(100),
  /** How often counted views are written to the database, in ms: the most a crash can lose. */
  viewFlushMs: z.coerce.number().int().min(100).max(600_000),
  /** Outgoing mail server, `smtp://user:pass@host:587` or `smtps://…:465`; without it mail goes to the log. */
  smtpUrl: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//i.test(u), { message: 'SMTP_URL must start with smtp:// or smtps://' })
    .optional(),
  /** The From of outgoing mail, e.g. `本网 <noreply@news.example.org>`; required with SMTP_URL. */
  mailFrom: z.string().min(3).optional(),
  /** Whether this process renders queued article audio (espeak-ng + ffmpeg); 'off' leaves it to other processes. */
  audioRender: z.enum(['on', 'off']),
  /** The in-process page cache's bound in megabytes (rendered pages, all encodings); 0 turns it off. */
  pageCacheMb: z.coerce.number().int().min(0).max(65_536),
  /** How far the JavaScript heap may grow past its live data before a full collection, in percent; 0 leaves it to V8 (platform/heap.ts). */
  heapGrowthPercent: z.coerce.number().int().min(0).max(400),
  /**
   * What runs scheduled publishes and shared periodic work: 'embedded' (every `serve` process, in
   * process) or 'graphile' (graphile-worker jobs on PostgreSQL, run by `xinwen worker` processes).
   */
  jobs: z.enum(['embedded', 'graphile']),
}).refine((c) => !c.smtpUrl || c.mailFrom, { message: 'MAIL_FROM is required when SMTP_URL is set', path: ['mailFrom'] })
  .refine((c) => c.jobs !== 'graphile' || /^postgres(ql)?:\/\//i.test(c.databaseUrl), {
    message: 'XINWEN_JOBS=graphile needs a PostgreSQL DATABASE_URL (the jobs live in its graphile_worker schema)',
    path: ['jobs'],
  })
  .refine((c) => c.jobs !== 'graphile' || c.redisUrl, {
    message: "XINWEN_JOBS=graphile needs REDIS_URL (the workers' cache purges reach every app process over Redis)",
    path: ['jobs'],
  });

export type Config = z.infer<typeof ConfigSchema>;

/** Flags from the command line; each overrides its environment variable. */
export interface ConfigOverrides {
  port?: string | number;
  host?: string;
}

/**
 * Reads every setting from the environment (and command-line overrides), validated.
 * Defaults: `DATABASE_URL=sqlite:./data/xinwen.db`, `XINWEN_DATA_DIR=./data`, `PORT=3000`,
 * `HOST=127.0.0.1`, `LOG_LEVEL=info`; `XINWEN_PUBLIC_URL` defaults to the listening address;
 * `SMTP_URL` and `MAIL_FROM` are unset (mail is written to the log); `REDIS_URL` is unset (embedded
 * mode), `XINWEN_REDIS_PREFIX=xinwen:`, `XINWEN_VIEW_FLUSH_MS=5000`, `XINWEN_AUDIO_RENDER=on`, `XINWEN_PAGE_CACHE_MB=48`,
 * `XINWEN_HEAP_GROWTH_PERCENT=30`, `XINWEN_JOBS=embedded` (scale mode sets `graphile` explicitly: see docs/deploy.md).
 * Throws an error naming each bad setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const dataDir = env.XINWEN_DATA_DIR || './data';
  const parsed = ConfigSchema.safeParse({
    databaseUrl: env.DATABASE_URL || `sqlite:${resolve(dataDir, 'xinwen.db')}`,
    dataDir: resolve(dataDir),
    port: overrides.port ?? (env.PORT || 3000),
    host: overrides.host ?? (env.HOST || '127.0.0.1'),
    publicUrl: env.XINWEN_PUBLIC_URL || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.XINWEN_REDIS_PREFIX || 'xinwen:',
    viewFlushMs: env.XINWEN_VIEW_FLUSH_MS || 5000,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || undefined,
    audioRender: env.XINWEN_AUDIO_RENDER || 'on',
    pageCacheMb: env.XINWEN_PAGE_CACHE_MB || 48,
    heapGrowthPercent: env.XINWEN_HEAP_GROWTH_PERCENT || DEFAULT_HEAP_GROWTH_PERCENT,
    jobs: env.XINWEN_JOBS || 'embedded',
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
