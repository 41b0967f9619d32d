import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { queueAudio, renderArticleAudio } from '../listen/audio.service.js';
import { listPublishedAudio, publishedArticleIds } from '../listen/audio.store.js';
import { createEspeakEngine } from '../listen/espeak/espeak-engine.js';
import type { SpeechEngine } from '../listen/speech-engine.js';
import type { OpenDatabase } from '../platform/db/database.js';
import type { FileStore } from '../platform/files/file-store.js';
import { createLocalFileStore } from '../platform/files/local/local-file-store.js';

/** What commands.ts lends the audio commands. */
export interface AudioCommandHelpers {
  /** Opens the configured database, runs `fn`, closes it. */
  withDatabase<T>(fn: (database: OpenDatabase) => Promise<T>): Promise<T>;
  out(line: string): void;
  /** The engine (tests wrap it); default espeak-ng. */
  engine?: SpeechEngine;
  /** Where audio files go; default the server's, `{dataDir}/media`. */
  files?: FileStore;
}

/** The site's public origin: XINWEN_PUBLIC_URL, else the address `xinwen serve` listens on. */
export function publicOrigin(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

function parseArticleId(value: string): number {
  const n = Number(value);
  if (!/^\d{1,10}$/.test(value) || n < 1 || n > 2_147_483_647) throw new InvalidArgumentError('稿件编号必须是正整数');
  return n;
}

/**
 * `xinwen audio render ID [--json]` renders one published article's audio now, even when it is
 * unchanged; `--json` prints exactly `{"url": …, "duration": …}` (absolute URL, seconds).
 * `xinwen audio status [--json]` counts articles by audio state; `xinwen audio queue-all` queues
 * every published article whose audio is missing or out of date (a running server renders them).
 * Errors (unknown or unpublished article, espeak-ng or ffmpeg missing) are Chinese messages with
 * exit code 1.
 */
export function registerAudioCommands(program: Command, helpers: AudioCommandHelpers): void {
  const { out } = helpers;
  const audio = program.command('audio').description('server-rendered article audio (收听): espeak-ng to MP3');

  audio
    .command('render')
    .description('render one published article now, even when unchanged; --json prints {url, duration}')
    .argument('<id>', 'article id', parseArticleId)
    .option('--json', 'print {"url": public URL of the MP3, "duration": seconds}')
    .action(async (id: number, options: { json?: boolean }) => {
      const config = loadConfig();
      const files = helpers.files ?? createLocalFileStore({ root: join(config.dataDir, 'media') });
      const engine = helpers.engine ?? createEspeakEngine();
      await helpers.withDatabase(async ({ db }) => {
        const rendered = await renderArticleAudio(db, files, engine, id);
        const url = `${publicOrigin(config)}/${rendered.fileKey}`;
        const duration = Math.round(rendered.durationMs) / 1000;
        if (options.json) out(JSON.stringify({ url, duration }));
        else out(`已生成稿件 ${id} 的音频：${duration.toFixed(1)} 秒，${rendered.timings.length} 句，${(rendered.bytes / 1024).toFixed(0)} KB — ${url}`);
      });
    });

  audio
    .command('status')
    .description('count published articles by audio state')
    .option('--json', 'print {"total": n, "byStatus": {…}}')
    .action(async (options: { json?: boolean }) => {
      await helpers.withDatabase(async ({ db }) => {
        const total = (await listPublishedAudio(db, {}, { limit: 1, offset: 0 })).total;
        const byStatus: Record<string, number> = {};
        for (const status of ['none', 'queued', 'rendering', 'ready', 'failed', 'unavailable'] as const) {
          byStatus[status] = (await listPublishedAudio(db, { status }, { limit: 1, offset: 0 })).total;
        }
        if (options.json) out(JSON.stringify({ total, byStatus }));
        else out(`已签发 ${total} 篇：未排队 ${byStatus.none}，排队中 ${byStatus.queued}，生成中 ${byStatus.rendering}，已生成 ${byStatus.ready}，失败 ${byStatus.failed}，无法生成 ${byStatus.unavailable}`);
      });
    });

  audio
    .command('queue-all')
    .description('queue every published article whose audio is missing or out of date')
    .action(async () => {
      await helpers.withDatabase(async ({ db }) => {
        let queued = 0;
        for (const id of await publishedArticleIds(db)) if ((await queueAudio(db, id)) === 'queued') queued += 1;
        out(`已排队 ${queued} 篇（运行中的服务器会逐篇生成）。`);
      });
    });
}
