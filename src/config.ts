import { resolve } from 'node:path';
import { z } from 'zod';

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
 * `HOST=127.0.0.1`, `LOG_LEVEL=info`; `XINWEN_PUBLIC_URL` defaults to the listening address.
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
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
