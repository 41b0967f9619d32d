import { saveArticle } from '../articles/article.service.js';
import { outletSettings } from '../articles/outlet.service.js';
import { recordAudit } from '../newsroom/audit/audit.service.js';
import { recordImportRevision } from '../newsroom/articles/admin-articles.service.js';
import type { Db } from '../platform/db/database.js';
import { ValidationError } from '../platform/errors.js';
import { WireParseError } from './errors.js';
import type { WireReport } from './report.js';
import { checkArticleCopy } from '../spam/article-check.js';
import { parseWireFile } from './wire.js';

/** Flags of `xinwen import`. */
export interface ImportOptions {
  /** Parse and report only; store nothing. */
  dryRun: boolean;
  /** Print a JSON array (one object per imported file) instead of one line per file. */
  json: boolean;
  /** Section slug for every file, overriding front matter. */
  section?: string;
  /** Import as drafts. */
  draft: boolean;
}

/** Where `runImport` stores and prints. `db` may be null for a dry run. */
export interface ImportIo {
  db: Db | null;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Defaults to the current time: the reference for dateline years and timestamps. */
  now?: Date;
}

/** One file's entry in the `--json` output. */
export type ImportEntry = { file: string } & WireReport & { id?: number; url?: string; action?: 'created' | 'updated' };

const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** The one-line reason a file failed, naming the file (and the line, when known). */
function describeFailure(file: string, e: unknown): string {
  if (e instanceof WireParseError) return e.message; // already `file:line: reason`
  if (e instanceof ValidationError) return `${file}: ${e.publicMessage} (${e.details.join('; ')})`;
  if (e instanceof Error) return `${file}: ${e.message}`;
  return `${file}: ${String(e)}`;
}

/**
 * `xinwen import [--dry-run] [--json] [--section SLUG] [--draft] FILE…`: parses each file and,
 * unless dry-running, saves it with `saveArticle` (re-imports update by source key). A bad
 * file is reported on stderr and the rest go on. Resolves to the exit code: 0 when every
 * file was imported, 1 when any failed, 2 when there is no database for a real import.
 * @example await runImport(['wire/0318.txt'], { dryRun: true, json: true, draft: false }, { db: null, stdout, stderr })
 */
export async function runImport(files: string[], options: ImportOptions, io: ImportIo): Promise<number> {
  const now = io.now ?? new Date();
  const db = io.db;
  if (!options.dryRun && !db) {
    io.stderr('xinwen import: 没有数据库 (no database to import into; use --dry-run to only parse)');
    return 2;
  }
  const outlet = db ? await outletSettings(db) : null;
  const timeZone = outlet?.timezone ?? DEFAULT_TIMEZONE;
  const entries: ImportEntry[] = [];
  let failed = 0;
  for (const file of files) {
    try {
      const parsed = await parseWireFile(file, {
        ...(options.section !== undefined && { section: options.section }),
        draft: options.draft,
        referenceDate: now,
        timeZone,
      });
      const entry: ImportEntry = { file, ...parsed.report };
      let line: string;
      if (options.dryRun || !db) {
        const facts = [parsed.report.date ?? '无日期', `${parsed.report.paragraphs} 段`, 'dry run'].join(' · ');
        line = `✓ ${file}: 「${parsed.report.title}」 ${facts}`;
      } else {
        const integrity = await checkArticleCopy(db, parsed.article);
        if (integrity.warning) entry.warnings = [...entry.warnings, integrity.warning];
        const saved = await saveArticle(db, parsed.article, now, {
          inTransaction: async (tx, result) => {
            await recordImportRevision(tx, result.id, now);
            // The newsroom's alert: suspicious copy is in the audit log with the scorer's reasons.
            if (integrity.warning) {
              await recordAudit(
                tx,
                {
                  actorId: null,
                  action: 'spam.import_alert',
                  subjectType: 'article',
                  subjectId: result.id,
                  details: { file, score: integrity.verdict.score, action: integrity.verdict.action, reasons: integrity.verdict.reasons },
                },
                { now },
              );
            }
          },
        });
        entry.id = saved.id;
        entry.url = saved.path;
        entry.action = saved.created ? 'created' : 'updated';
        line = `✓ ${file} → ${entry.url} (${entry.action})`;
      }
      entries.push(entry);
      if (!options.json) {
        io.stdout(line);
        for (const warning of entry.warnings) io.stdout(`    ⚠ ${warning}`);
      }
    } catch (e) {
      failed++;
      io.stderr(`✗ ${describeFailure(file, e)}`);
    }
  }
  if (options.json) io.stdout(JSON.stringify(entries, null, 2));
  return failed > 0 ? 1 : 0;
}
