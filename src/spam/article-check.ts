import { blockTexts } from '../articles/body-text.js';
import type { BodyBlock, Dateline, InlineSpan } from '../articles/model.js';
import type { Db } from '../platform/db/database.js';
import { scoreArticleText, type SpamVerdict } from './spam.service.js';

/** The parts of an article that an attacker could swap: imported copy and newsroom edits alike. */
export interface ArticleCopy {
  dateline: Pick<Dateline, 'source'> | null;
  title: string;
  subtitle: string | null;
  summary: string | null;
  body: readonly BodyBlock[];
}

/** What the desk is told about suspicious copy. */
export interface CopyCheck {
  verdict: SpamVerdict;
  /** e.g. 「疑似博彩或垃圾内容（得分 12，block）：…」; null when the copy is clean. */
  warning: string | null;
}

function blockLinks(block: BodyBlock): string[] {
  const spans: (InlineSpan[] | null | undefined)[] =
    block.type === 'paragraph' || block.type === 'quote' ? [block.spans] : block.type === 'list' ? (block.itemSpans ?? []) : [];
  return spans.flatMap((list) => (list ?? []).flatMap((span) => (span.href ? [span.href] : [])));
}

/**
 * The text scored for an article: the dateline's outlet (a casino's name where ours should
 * be), headline, subtitle, summary, body text and every link address.
 */
export function articleCopyText(copy: ArticleCopy): string {
  return [copy.dateline?.source, copy.title, copy.subtitle, copy.summary, ...copy.body.flatMap(blockTexts), ...copy.body.flatMap(blockLinks)]
    .filter((part): part is string => Boolean(part))
    .join('\n');
}

/** Scores an article's copy (nothing recorded, nothing learnt); a warning when it is not clean. */
export async function checkArticleCopy(db: Db, copy: ArticleCopy): Promise<CopyCheck> {
  const verdict = await scoreArticleText(db, articleCopyText(copy));
  if (verdict.action === 'allow') return { verdict, warning: null };
  const reasons = verdict.reasons
    .filter((r) => r.score > 0)
    .map((r) => r.detail)
    .slice(0, 4)
    .join('；');
  return { verdict, warning: `疑似博彩或垃圾内容（得分 ${verdict.score}，${verdict.action}）：${reasons}` };
}
