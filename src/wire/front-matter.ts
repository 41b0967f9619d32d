import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { isCalendarDate } from '../platform/time.js';
import { LineError } from './errors.js';

/** A Markdown file split at its front matter; line numbers are 1-based in the file. */
export interface SplitMarkdown {
  yaml: string | null;
  /** The file line of the first YAML line (after the opening ---). */
  yamlLine: number;
  body: string;
  /** The file line of the first body line. */
  bodyLine: number;
}

/** Splits `---\nyaml\n---\nbody`; a file without an opening --- has no front matter. */
export function splitFrontMatter(text: string): SplitMarkdown {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') return { yaml: null, yamlLine: 1, body: text, bodyLine: 1 };
  const close = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
  if (close < 0) throw new LineError(1, 'front matter 没有结束 (front matter opened with --- is never closed; add a --- line after it)');
  return {
    yaml: lines.slice(1, close).join('\n'),
    yamlLine: 2,
    body: lines.slice(close + 1).join('\n'),
    bodyLine: close + 2,
  };
}

/** Scalars YAML may read as numbers (tags: [2025]) are taken as text. */
const text = z.union([z.string(), z.number()], { error: 'expected text' }).transform((v) => String(v).trim());
const optionalText = text.nullish().transform((v) => (v === '' || v === undefined ? null : v));
/** A list of names or words; a single string may list them with 、 or commas. */
const nameList = z
  .union([z.array(text), text], { error: 'expected a list of names or words, e.g. [张三, 李四]' })
  .transform((v) => (Array.isArray(v) ? v : v.split(/[、，,]/)).map((s) => s.trim()).filter(Boolean));
/** YAML 1.1 timestamps arrive as Date, plain YAML 1.2 dates as strings: both are accepted. */
const calendarDate = z
  .union([z.string().trim(), z.date()], { error: 'expected a date YYYY-MM-DD' })
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine(isCalendarDate, 'expected a date YYYY-MM-DD');
const instant = z
  .union([z.string().trim(), z.date()], { error: 'expected a time such as 2026-11-20T09:30:00+08:00' })
  .refine((v) => v instanceof Date || !Number.isNaN(Date.parse(v)), 'expected a time such as 2026-11-20T09:30:00+08:00')
  .transform((v) => (v instanceof Date ? v : new Date(v)).toISOString())
  .nullish()
  .transform((v) => v ?? null);

const FrontMatterSchema = z.object({
  source: optionalText,
  title: text.refine((v) => v !== '', 'title must not be empty'),
  subtitle: optionalText,
  summary: optionalText,
  section: optionalText,
  tags: nameList.nullish().transform((v) => v ?? []),
  dateline: z
    .object({
      source: text,
      date: calendarDate,
      place: optionalText,
      kind: z.enum(['讯', '电', '訊', '電']).nullish().transform((v) => (v === '电' || v === '電' ? ('电' as const) : ('讯' as const))),
    })
    .nullish()
    .transform((v) => v ?? null),
  reporters: nameList.nullish().transform((v) => v ?? []),
  reportType: optionalText,
  bylinePlace: optionalText,
  editor: optionalText,
  status: z.enum(['published', 'draft']).nullish().transform((v) => v ?? 'published'),
  publishedAt: instant,
  updatedAt: instant,
  script: z.enum(['zh-Hans', 'zh-Hant']).nullish().transform((v) => v ?? null),
  related: z.array(text).nullish().transform((v) => (v ?? []).filter(Boolean)),
});

/** Front matter after validation. */
export type FrontMatter = z.output<typeof FrontMatterSchema>;

const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(FrontMatterSchema.shape));

/** The file line of the node at `path` (or of its nearest ancestor that exists). */
function lineOf(doc: Document, counter: LineCounter, path: PropertyKey[], yamlLine: number): number {
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n).map(String), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line + yamlLine - 1;
  }
  return Math.max(1, yamlLine - 1);
}

/**
 * Reads and validates YAML front matter. Unknown keys are warnings; a wrong type or a
 * missing title is a LineError at the offending line of the file.
 */
export function parseFrontMatter(yaml: string, yamlLine: number): { data: FrontMatter; warnings: string[]; lines: Record<string, number> } {
  const counter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = (error.linePos?.[0]?.line ?? 1) + yamlLine - 1;
    throw new LineError(line, `front matter 不是有效的 YAML (invalid YAML: ${error.message.split('\n')[0]})`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new LineError(yamlLine, 'front matter 须为键值对 (front matter must be a mapping of key: value)');
  }
  const warnings: string[] = [];
  const lines: Record<string, number> = {};
  for (const pair of isMap(doc.contents) ? doc.contents.items : []) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const line = isNode(pair.key) && pair.key.range ? counter.linePos(pair.key.range[0]).line + yamlLine - 1 : yamlLine;
    lines[key] = line;
    if (!KNOWN_KEYS.has(key)) warnings.push(`line ${line}: 未知的 front matter 字段“${key}”已忽略 (unknown front matter key "${key}" ignored)`);
  }
  const parsed = FrontMatterSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => {
        const path = issue.path;
        const field = path.map(String).join('.') || '(front matter)';
        const missing = path.length === 1 && !(String(path[0]) in lines);
        // A top-level field is reported at its key; a nested one at the value that is wrong.
        const line = (path.length === 1 ? lines[String(path[0])] : undefined) ?? lineOf(doc, counter, path, yamlLine);
        return { line, text: `${field}: ${missing ? 'required' : issue.message}` };
      })
      .sort((a, b) => a.line - b.line);
    const first = problems[0];
    const detail = problems.map((p, i) => (i === 0 ? p.text : `line ${p.line}: ${p.text}`)).join('; ');
    throw new LineError(first?.line ?? yamlLine, `front matter 字段无效 (${detail})`);
  }
  return { data: parsed.data, warnings, lines };
}
