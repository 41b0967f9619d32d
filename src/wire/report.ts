import type { ArticleInput, DatelineKind, ImportStatus } from '../articles/model.js';

/** What an import found in one file, for the desk to check (and for `--json`). */
export interface WireReport {
  title: string;
  /** Dateline date, YYYY-MM-DD, or null. */
  date: string | null;
  place: string | null;
  /** Outlet or agency of the dateline as printed (本网, 东亚通讯社). */
  outlet: string | null;
  datelineKind: DatelineKind | null;
  reporters: string[];
  reportType: string | null;
  editor: string | null;
  subheadings: string[];
  /** Number of body paragraphs (subheadings, quotes and lists not counted). */
  paragraphs: number;
  related: string[];
  /** Lines left out of the body: page chrome, end marks, raw HTML. */
  dropped: string[];
  warnings: string[];
}

/** What the plain-text and Markdown parsers need besides the text. */
export interface ParseOptions {
  /** The import's day (YYYY-MM-DD in the outlet's timezone): fills in and checks dateline years. */
  referenceDate: string;
  /** Section slug, or null for the copy's own (front matter) or the outlet's default. */
  section: string | null;
  status: ImportStatus;
}

/** A parser's result: the article to save, the report about it, and where fields came from. */
export interface ParsedWire {
  article: ArticleInput;
  report: WireReport;
  /** File line of each article field that has one (title, dateline, editor, front-matter keys). */
  fieldLines: Record<string, number>;
}

/** The report fields that follow from the article itself. */
export function reportFromArticle(
  article: ArticleInput,
  extra: { dropped: string[]; warnings: string[]; outlet?: string | null; kind?: DatelineKind | null },
): WireReport {
  return {
    title: article.title,
    date: article.dateline?.date ?? null,
    place: article.dateline?.place ?? null,
    outlet: article.dateline?.source ?? extra.outlet ?? null,
    datelineKind: article.dateline?.kind ?? extra.kind ?? null,
    reporters: [...article.byline.reporters],
    reportType: article.byline.reportType,
    editor: article.editor,
    subheadings: article.body.flatMap((b) => (b.type === 'subheading' ? [b.text] : [])),
    paragraphs: article.body.filter((b) => b.type === 'paragraph').length,
    related: [...article.related],
    dropped: extra.dropped,
    warnings: extra.warnings,
  };
}
