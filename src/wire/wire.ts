import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { validateArticleInput } from '../articles/article.service.js';
import type { ArticleInput } from '../articles/model.js';
import { ValidationError } from '../platform/errors.js';
import { localDate } from '../platform/time.js';
import { decodeBytes, DecodeError, type WireEncoding } from './decode.js';
import { LineError, WireParseError } from './errors.js';
import { parseMarkdown } from './markdown.js';
import { parsePlainText } from './plain-text.js';
import type { WireReport } from './report.js';

export { WireParseError } from './errors.js';
export type { WireReport } from './report.js';

/** How to read wire files. */
export interface WireOptions {
  /** Section slug for every article; overrides front matter. Default: front matter, else the outlet's default. */
  section?: string;
  /** Import as drafts. Default: published, dated by the copy itself. */
  draft?: boolean;
  /** "Now" for the dateline year rule and future-date warnings. Default: the current time. */
  referenceDate?: Date;
  /** Timezone in which `referenceDate` is a calendar day. Default: Asia/Shanghai. */
  timeZone?: string;
}

/** One parsed file: the article for `saveArticle` and the report for the desk. */
export interface WireFile {
  file: string;
  encoding: WireEncoding;
  article: ArticleInput;
  report: WireReport;
}

const MARKDOWN = new Set(['.md', '.markdown']);

/**
 * Reads and parses one wire file: `.md`/`.markdown` as Markdown with front matter,
 * anything else as plain-text copy (UTF-8, UTF-16, GB18030 or Big5). The article is
 * checked as `saveArticle` would check it. Throws a WireParseError naming file and line.
 * @example const { article, report } = await parseWireFile('wire/0318.txt', { section: 'china' })
 */
export async function parseWireFile(file: string, options: WireOptions = {}): Promise<WireFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new WireParseError(file, 1, `无法读取文件 (cannot read file: ${code})`);
  }
  const reference = localDate(options.referenceDate ?? new Date(), options.timeZone ?? 'Asia/Shanghai');
  const parseOptions = {
    referenceDate: reference,
    section: options.section ?? null,
    status: options.draft ? ('draft' as const) : ('published' as const),
  };
  try {
    const { text, encoding } = decodeBytes(bytes);
    const parsed = MARKDOWN.has(extname(file).toLowerCase()) ? parseMarkdown(text, parseOptions) : parsePlainText(text, parseOptions);
    try {
      validateArticleInput(parsed.article);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const field = e.details[0]?.split(/[.:]/)[0] ?? '';
      throw new WireParseError(file, parsed.fieldLines[field] ?? 1, `稿件内容无效 (invalid article: ${e.details.join('; ')})`);
    }
    return { file, encoding, article: parsed.article, report: parsed.report };
  } catch (e) {
    if (e instanceof LineError) throw new WireParseError(file, e.line, e.reason);
    if (e instanceof DecodeError) throw new WireParseError(file, 1, e.message);
    throw e;
  }
}
