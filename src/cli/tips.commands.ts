import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import type { Db, OpenDatabase } from '../platform/db/database.js';
import { createLocalFileStore } from '../platform/files/local/local-file-store.js';
import { createTipBudget } from '../tips/tips-budget.js';
import { decryptStream, isAgeIdentity, newIdentity } from '../tips/tip-crypto.js';
import { readItem, toWebStream } from '../tips/tip-files.js';
import { cleanFileName } from '../tips/plain-submit.js';
import type { TipMessagePayload } from '../tips/tips-protocol.js';
import { addRecipient, deleteTip, listRecipients, purgeTips, retireRecipient, type TipDeps } from '../tips/tips.service.js';
import * as store from '../tips/tips.store.js';

/** What commands.ts lends the tips commands. */
export interface TipsCommandHelpers {
  withDatabase<T>(fn: (database: OpenDatabase) => Promise<T>): Promise<T>;
  out(line: string): void;
  UsageError: new (message: string) => Error;
}

/**
 * Writes a new age identity to `path` (age-keygen's format, mode 0600, never over an existing
 * file) and adds its public key to the recipients of new tips. Returns the public key.
 */
export async function createTipIdentityFile(db: Db, path: string, label: string): Promise<string> {
  const { identity, recipient } = await newIdentity();
  const file = await open(path, 'wx', 0o600);
  try {
    await file.writeFile(`# created: ${new Date().toISOString()}\n# public key: ${recipient}\n${identity}\n`);
  } finally {
    await file.close();
  }
  await addRecipient(db, recipient, label);
  return recipient;
}

/** The tip services over the configured database and the server's tip file store. */
function tipDeps({ db }: OpenDatabase): TipDeps {
  return { db, files: createLocalFileStore({ root: join(loadConfig().dataDir, 'tips') }), budget: createTipBudget() };
}

/** The `AGE-SECRET-KEY-1…` lines of an identity file (age-keygen's format: comments start with #). */
export function identitiesIn(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .filter(isAgeIdentity);
}

/** A path inside `dir`, or an error: a name can never leave the tip's folder. */
function inside(dir: string, name: string): string {
  const path = resolve(dir, name);
  if (!path.startsWith(resolve(dir) + sep)) throw new Error(`refusing to write outside ${dir}: ${JSON.stringify(name)}`);
  return path;
}

/** A name not yet used in `used` (`a.pdf`, `a-2.pdf`, …); names are compared case-insensitively. */
function uniqueName(name: string, used: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${ext}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

/** An attachment name safe as a file name on any disk: no separators, no leading dots, no reserved characters. */
export function safeFileName(name: string): string {
  const cleaned = cleanFileName(name)
    .replace(/[<>:"|?*\\/]/g, '_')
    .replace(/^\.+/, '_');
  return cleaned === '' || cleaned === '_' ? 'attachment' : cleaned;
}

async function decryptItemTo(deps: TipDeps, identities: string[], item: store.TipItemRow, path: string | null): Promise<Buffer | null> {
  const plain = await decryptStream(identities, toWebStream(readItem(deps.files, item.file_key, item.chunk_count)));
  if (path === null) {
    const parts: Buffer[] = [];
    const reader = plain.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parts.push(Buffer.from(value));
    }
    return Buffer.concat(parts);
  }
  await plain.pipeTo(Writable.toWeb(createWriteStream(path, { flags: 'wx', mode: 0o600 })));
  return null;
}

interface DecryptSummary {
  tips: number;
  files: number;
  skipped: number;
}

/** Decrypts one tip into `{outDir}/tip-{id}/`: message(-N).json/.txt per submission, attachments, reply-N.txt. */
async function decryptTip(deps: TipDeps, identities: string[], tip: store.TipRow, outDir: string, out: (line: string) => void): Promise<DecryptSummary> {
  const dir = join(outDir, `tip-${tip.id}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const items = await store.selectCompleteTipItems(deps.db, tip.id);
  const order = await store.selectUploadOrder(deps.db, tip.id);
  const used = new Set<string>();
  const summary: DecryptSummary = { tips: 1, files: 0, skipped: 0 };
  const batches = new Map<string, store.TipItemRow[]>();
  for (const item of items) {
    if (item.author === 'newsroom') {
      try {
        const bytes = await decryptItemTo(deps, identities, item, null);
        const payload = JSON.parse((bytes ?? Buffer.alloc(0)).toString('utf8')) as { message?: string; sentAt?: string };
        await writeFile(inside(dir, uniqueName(`reply-${item.id}.txt`, used)), `${payload.sentAt ?? item.created_at}\n\n${payload.message ?? ''}\n`, { mode: 0o600, flag: 'wx' });
        summary.files++;
      } catch {
        summary.skipped++;
      }
      continue;
    }
    const list = batches.get(item.upload_id ?? '') ?? [];
    list.push(item);
    batches.set(item.upload_id ?? '', list);
  }
  for (const [uploadId, batchItems] of batches) {
    const batch = order.get(uploadId) ?? 0;
    const suffix = batch <= 1 ? '' : `-${batch}`;
    const message = batchItems.find((i) => i.kind === 'message');
    const fileItems = batchItems.filter((i) => i.kind === 'file');
    let payload: TipMessagePayload | null = null;
    if (message) {
      try {
        const bytes = (await decryptItemTo(deps, identities, message, null)) ?? Buffer.alloc(0);
        payload = JSON.parse(bytes.toString('utf8')) as TipMessagePayload;
        await writeFile(inside(dir, uniqueName(`message${suffix}.json`, used)), `${JSON.stringify(payload, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        const text = [`发送时间: ${payload.sentAt}`, `联系方式: ${payload.contact || '（未留）'}`, `附件: ${payload.files.map((f) => f.name).join(', ') || '（无）'}`, '', payload.message, ''].join('\n');
        await writeFile(inside(dir, uniqueName(`message${suffix}.txt`, used)), text, { mode: 0o600, flag: 'wx' });
        summary.files += 2;
      } catch {
        summary.skipped++;
      }
    }
    for (const [index, item] of fileItems.entries()) {
      const name = uniqueName(safeFileName(payload?.files[index]?.name ?? `attachment-${item.id}`), used);
      const path = inside(dir, name);
      try {
        await decryptItemTo(deps, identities, item, path);
        summary.files++;
      } catch {
        summary.skipped++;
      }
    }
  }
  out(`tip ${tip.id}: ${dir}${summary.skipped > 0 ? ` (${summary.skipped} item(s) not for this identity or unreadable)` : ''}`);
  return summary;
}

/**
 * `xinwen tips keygen|keys|retire|decrypt|purge|delete`: the newsroom's age keys, offline
 * decryption of tips with an identity file, retention now, and deleting one tip.
 */
export function registerTipsCommands(program: Command, helpers: TipsCommandHelpers): void {
  const { withDatabase, out, UsageError } = helpers;
  const tips = program.command('tips').description('新闻线索: keys, offline decryption, retention');

  tips
    .command('keygen')
    .description('write a new age identity file (mode 0600) and add its public key to the recipients of new tips')
    .requiredOption('--out <file>', 'where to write the identity file (refuses to overwrite)')
    .option('--label <name>', 'who or what holds the key, shown in `tips keys`', '')
    .action(async (options: { out: string; label: string }) => {
      const recipient = await withDatabase(({ db }) => createTipIdentityFile(db, options.out, options.label || options.out)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') throw new UsageError(`${options.out} already exists; refusing to overwrite an identity file.`);
        throw error;
      });
      out(recipient);
      out(`Identity written to ${options.out} (keep it offline; whoever has it reads every tip sent to this key).`);
    });

  tips
    .command('keys')
    .description('list the newsroom recipients, retired ones too')
    .action(async () => {
      const keys = await withDatabase(({ db }) => listRecipients(db));
      if (keys.length === 0) out('No keys yet: run `xinwen tips keygen --out FILE`.');
      for (const k of keys) out(`${k.publicKey}\t${k.retiredAt ? `retired ${k.retiredAt}` : 'active'}\tadded ${k.createdAt}\t${k.label}`);
    });

  tips
    .command('retire')
    .description('stop encrypting new tips to KEY (tips already sent to it stay readable with its identity)')
    .argument('<key>', 'the age1… public key')
    .action(async (key: string) => {
      await withDatabase(({ db }) => retireRecipient(db, key.trim()));
      out(`Retired ${key.trim()}.`);
    });

  tips
    .command('decrypt')
    .description('decrypt tips with an identity file into DIR/tip-{id}/ (messages, attachments, replies)')
    .requiredOption('--identity <file>', 'an age identity file (AGE-SECRET-KEY-1… lines)')
    .option('--out <dir>', 'where to write', '.')
    .option('--tip <id>', 'only this tip')
    .action(async (options: { identity: string; out: string; tip?: string }) => {
      const identities = identitiesIn(await readFile(options.identity, 'utf8'));
      if (identities.length === 0) throw new UsageError(`${options.identity} holds no AGE-SECRET-KEY-1… identity.`);
      const only = options.tip === undefined ? null : Number(options.tip);
      if (only !== null && (!Number.isSafeInteger(only) || only < 1)) throw new UsageError('--tip must be a tip id (a positive integer).');
      await mkdir(options.out, { recursive: true, mode: 0o700 });
      const total = await withDatabase(async (database) => {
        const deps = tipDeps(database);
        const rows = only === null ? await database.db.selectFrom('tips').selectAll().where('status', '!=', 'uploading').orderBy('id').execute() : [await store.selectTip(database.db, only)];
        const sum: DecryptSummary = { tips: 0, files: 0, skipped: 0 };
        for (const tip of rows) {
          if (!tip || tip.status === 'uploading') throw new UsageError(`No tip ${options.tip}.`);
          const one = await decryptTip(deps, identities, tip, options.out, out);
          sum.tips += one.tips;
          sum.files += one.files;
          sum.skipped += one.skipped;
        }
        return sum;
      });
      out(`Decrypted ${total.files} file(s) of ${total.tips} tip(s)${total.skipped > 0 ? `; ${total.skipped} item(s) could not be read with this identity` : ''}.`);
    });

  tips
    .command('purge')
    .description('delete now what retention would: tips idle past the retention days, uploads unfinished for an hour')
    .action(async () => {
      const purged = await withDatabase((database) => purgeTips(tipDeps(database)));
      out(`Deleted ${purged.tips} tip(s) and ${purged.uploads} unfinished upload(s).`);
    });

  tips
    .command('delete')
    .description('delete one tip with its files')
    .argument('<id>', 'the tip id')
    .action(async (id: string) => {
      const tipId = Number(id);
      if (!Number.isSafeInteger(tipId) || tipId < 1) throw new UsageError('The tip id must be a positive integer.');
      const deleted = await withDatabase((database) => deleteTip(tipDeps(database), tipId));
      if (!deleted) throw new UsageError(`No tip ${tipId}.`);
      out(`Deleted tip ${tipId} and its files.`);
    });
}
