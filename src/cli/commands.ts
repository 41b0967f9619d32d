import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { buildApp } from '../app.js';
import { allSections, changeOutlet, outletSettings, saveSection } from '../articles/outlet.service.js';
import type { Outlet } from '../articles/model.js';
import { publishBus } from '../articles/publish-events.js';
import { registerBenchCommands } from '../bench/bench.commands.js';
import { loadConfig } from '../config.js';
import { seedDemo, isEmptyNewsroom } from '../demo/seed.js';
import { openDatabase, type OpenDatabase } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { ValidationError } from '../platform/errors.js';
import { createLocalFileStore } from '../platform/files/local/local-file-store.js';
import { attachPublishPipeline, type PipelineLogger } from '../publish-pipeline.js';
import { activeRecipients } from '../tips/tips.service.js';
import { runImport } from '../wire/import.command.js';
import { registerAudioCommands } from './audio.commands.js';
import { registerReindexCommand } from './reindex.commands.js';
import { registerSpamCommands } from './spam.commands.js';
import { registerStaffCommands } from './staff.commands.js';
import { createTipIdentityFile, registerTipsCommands } from './tips.commands.js';
import { registerWorkerCommand } from './worker.commands.js';
import { openGraphileQueue } from '../platform/jobs/graphile/graphile-jobs.js';
import { attachJobQueue } from '../platform/jobs/job-queue.js';
import { relayArticleEvents } from '../scale/background.js';

/** A command's arguments make no sense; main prints the message and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
const err = (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return n;
}

/** The publish pipeline's failure reports from a command, on stderr. */
const cliPipelineLog: PipelineLogger = {
  warn: (_details, message) => err(message),
  error: (details, message) => err(`${message}: ${String((details as { err?: unknown }).err)}`),
};

/**
 * Opens the configured database (migrated) with the publish pipeline attached, runs `fn`, waits
 * for the pipeline to finish what `fn` started, and always closes it; invalid input becomes a
 * UsageError.
 */
async function withDatabase<T>(fn: (database: OpenDatabase) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl);
  // With the server's file store, so an article unpublished here loses its audio file too. In
  // scale mode the workers run the pipeline (their purges reach every server): events become jobs.
  const detach =
    config.jobs === 'graphile'
      ? await relayToWorkers(database, config.databaseUrl)
      : attachPublishPipeline(database.db, cliPipelineLog, { files: createLocalFileStore({ root: join(config.dataDir, 'media') }) });
  try {
    return await fn(database);
  } catch (error) {
    // The service named every bad field: that is a usage problem, not a crash.
    if (error instanceof ValidationError) throw new UsageError(error.message);
    throw error;
  } finally {
    await publishBus(database.db).idle();
    await detach();
    await database.close();
  }
}

/** Scale mode: this command's article events and schedules become jobs; resolves to the detach. */
async function relayToWorkers(database: OpenDatabase, connectionString: string): Promise<() => Promise<void>> {
  const log = { ...cliPipelineLog, info: () => {}, debug: () => {} };
  const queue = await openGraphileQueue({ connectionString, log });
  const detachQueue = attachJobQueue(database.db, queue);
  const detachRelay = relayArticleEvents(database.db, queue, log);
  return async () => {
    detachRelay();
    detachQueue();
    await queue.close();
  };
}

/** The demo newsroom's tip identity, in the data directory (see serve --seed-demo-if-empty). */
export const DEMO_TIP_IDENTITY = 'demo-tips-identity.txt';

async function serve(options: { port?: number; host?: string; seedDemoIfEmpty?: boolean }): Promise<number> {
  const config = loadConfig(process.env, { port: options.port, host: options.host });
  const database = await openDatabase(config.databaseUrl);
  // The app attaches the publish pipeline, so the demo articles are indexed as they are seeded.
  const app = await buildApp(config, { database });
  if (options.seedDemoIfEmpty && (await isEmptyNewsroom(database.db))) {
    const seeded = await seedDemo(database.db);
    await publishBus(database.db).idle();
    out(`Empty database: loaded the demo newsroom (${seeded.articles} articles).`);
    // So the demo's 新闻线索 channel is open: a key whose identity file sits in the data directory.
    if ((await activeRecipients(database.db)).length === 0) {
      const keyFile = join(config.dataDir, DEMO_TIP_IDENTITY);
      await mkdir(config.dataDir, { recursive: true });
      await rm(keyFile, { force: true });
      await createTipIdentityFile(database.db, keyFile, '演示密钥（仅供试用）');
      out(`Tips: the demo's key is ${keyFile}; load it in /admin/tips to read tips. A real newsroom makes its own offline: xinwen tips keygen.`);
    }
  }
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    // Closing the app writes every counted view to the database; if that fails, say so and exit 1.
    let code = 0;
    try {
      await app.close();
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed: counted views may not all be in the database');
      code = 1;
    }
    await database.close();
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  return new Promise<number>(() => {
    // Serves until a signal arrives; shutdown() exits the process.
  });
}

function outletLines(outlet: Outlet): string[] {
  return [
    `name:            ${outlet.name}`,
    `short name:      ${outlet.shortName}`,
    `default script:  ${outlet.defaultScript}`,
    `timezone:        ${outlet.timezone}`,
    `default section: ${outlet.defaultSectionSlug ?? '(none)'}`,
    `tip-line copy:   ${outlet.tipCopy || '(none)'}`,
    `taiwan phrases:  ${outlet.taiwanPhrases ? 'on' : 'off'}`,
  ];
}

/** Defines every command on `program` and runs the one named in `argv`; resolves to the exit code. */
export async function runCli(program: Command, argv: string[]): Promise<number> {
  let exitCode = 0;
  program
    .name('xinwen')
    .description('新闻 Xinwen: a Chinese-first news publishing platform')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('serve the site (migrates the database first)')
    .option('--port <n>', 'port to listen on (env PORT, default 3000)', parsePort)
    .option('--host <h>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--seed-demo-if-empty', 'load the demo newsroom when the database has no articles')
    .action(async (options: { port?: number; host?: string; seedDemoIfEmpty?: boolean }) => {
      exitCode = await serve(options);
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase(config.databaseUrl, { migrate: false });
      try {
        const applied = await migrateToLatest(database.db, database.dialect);
        out(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } finally {
        await database.close();
      }
      if (config.jobs === 'graphile') {
        // Opening the queue installs or upgrades graphile-worker's schema.
        const queue = await openGraphileQueue({ connectionString: config.databaseUrl, log: { ...cliPipelineLog, info: () => {}, debug: () => {} } });
        await queue.close();
        out('Job queue (graphile_worker schema) is up to date.');
      }
    });

  program
    .command('seed')
    .description('load content into the database')
    .requiredOption('--demo', 'load the demo newsroom (outlet, sections, staff, articles)')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        const seeded = await seedDemo(db);
        out(`Demo newsroom loaded: ${seeded.sections} sections, ${seeded.people} staff, ${seeded.articles} articles, ${seeded.stories} stories.`);
      });
    });

  program
    .command('import')
    .description('import wire copy: plain text (UTF-8, GB18030, Big5) or Markdown with YAML front matter')
    .argument('<files...>', 'files to import')
    .option('--dry-run', 'parse and report, store nothing')
    .option('--json', 'print a JSON array, one object per article')
    .option('--section <slug>', "section for the imported articles (default: the outlet's default section)")
    .option('--draft', 'import as drafts instead of publishing with their own dates')
    .action(async (files: string[], options: { dryRun?: boolean; json?: boolean; section?: string; draft?: boolean }) => {
      const importOptions = {
        dryRun: options.dryRun === true,
        json: options.json === true,
        draft: options.draft === true,
        ...(options.section !== undefined && { section: options.section }),
      };
      if (importOptions.dryRun) {
        exitCode = await runImport(files, importOptions, { db: null, stdout: out, stderr: err });
      } else {
        exitCode = await withDatabase(({ db }) => runImport(files, importOptions, { db, stdout: out, stderr: err }));
      }
    });

  const outlet = program.command('outlet').description("show or change the outlet's settings");
  outlet
    .command('show', { isDefault: true })
    .description('print the outlet settings')
    .action(async () => {
      await withDatabase(async ({ db }) => out(outletLines(await outletSettings(db)).join('\n')));
    });
  outlet
    .command('set')
    .description('change outlet settings')
    .option('--name <name>', 'full name, as used in datelines')
    .option('--short-name <name>', 'short name')
    .addOption(new Option('--script <script>', 'default script').choices(['zh-Hans', 'zh-Hant']))
    .option('--timezone <tz>', 'IANA timezone, e.g. Asia/Shanghai or Asia/Taipei')
    .option('--tip-copy <text>', 'copy for the tip-line call')
    .option('--default-section <slug>', 'section for imports that name none; the home page lead comes from it')
    .addOption(new Option('--taiwan-phrases <on|off>', 'Traditional edition with Taiwan phrases (软件 → 軟體); servers notice within 30 s').choices(['on', 'off']))
    .action(
      async (o: {
        name?: string;
        shortName?: string;
        script?: 'zh-Hans' | 'zh-Hant';
        timezone?: string;
        tipCopy?: string;
        defaultSection?: string;
        taiwanPhrases?: 'on' | 'off';
      }) => {
        await withDatabase(async ({ db }) => {
          const outlet = await changeOutlet(db, {
            ...(o.name !== undefined && { name: o.name }),
            ...(o.shortName !== undefined && { shortName: o.shortName }),
            ...(o.script !== undefined && { defaultScript: o.script }),
            ...(o.timezone !== undefined && { timezone: o.timezone }),
            ...(o.tipCopy !== undefined && { tipCopy: o.tipCopy }),
            ...(o.defaultSection !== undefined && { defaultSectionSlug: o.defaultSection }),
            ...(o.taiwanPhrases !== undefined && { taiwanPhrases: o.taiwanPhrases === 'on' }),
          });
          out(outletLines(outlet).join('\n'));
        });
      },
    );

  const section = program.command('section').description('list or add sections (desks)');
  section
    .command('list', { isDefault: true })
    .description('print the sections in order')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        for (const s of await allSections(db)) out(`${s.position}\t${s.slug}\t${s.name}`);
      });
    });
  section
    .command('add')
    .description('add a section, or rename and reorder an existing one')
    .requiredOption('--slug <slug>', 'URL name: lowercase letters, digits and hyphens, e.g. world')
    .requiredOption('--name <name>', 'display name, e.g. 国际')
    .option('--position <n>', 'order in the navigation', (v) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError('must be a whole number');
      return Number(v);
    }, 0)
    .action(async (o: { slug: string; name: string; position: number }) => {
      await withDatabase(async ({ db }) => {
        const saved = await saveSection(db, { slug: o.slug, name: o.name, position: o.position });
        out(`${saved.position}\t${saved.slug}\t${saved.name}`);
      });
    });

  registerStaffCommands(program, { withDatabase, out, UsageError });
  registerSpamCommands(program, { withDatabase, out, UsageError });
  registerBenchCommands(program, { withDatabase, out });
  registerReindexCommand(program, { withDatabase, out });
  registerTipsCommands(program, { withDatabase, out, UsageError });
  registerAudioCommands(program, { withDatabase, out });
  registerWorkerCommand(program, { UsageError });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    const code = (error as { code?: string; exitCode?: number }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return (error as { exitCode?: number }).exitCode ?? 2;
    throw error;
  }
  return exitCode;
}
