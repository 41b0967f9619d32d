import { blockTexts } from '../articles/body-text.js';
import type { ArticleInput, BodyBlock, InlineSpan } from '../articles/model.js';
import type { Db } from '../platform/db/database.js';
import { scoreArticleText } from '../spam/spam.service.js';
import type { SpamVerdict } from '../spam/spam.service.js';

function blockLinks(block: BodyBlock): string[] {
  const spans: (InlineSpan[] | null | undefined)[] =
    block.type === 'paragraph' || block.type === 'quote' ? [block.spans] : block.type === 'list' ? (block.itemSpans ?? []) : [];
  return spans.flatMap((list) => (list ?? []).flatMap((span) => (span.href ? [span.href] : [])));
}

/**
 * Everything in imported copy that an attacker could swap: the dateline's outlet (a casino's
 * name where ours should be), headline, summary, body text and every link address.
 */
export function importedCopyText(article: ArticleInput): string {
  return [
    article.dateline?.source,
    article.title,
    article.subtitle,
    article.summary,
    ...article.body.flatMap(blockTexts),
    ...article.body.flatMap(blockLinks),
  ]
    .filter((part): part is string => Boolean(part))
    .join('\n');
}

/** The spam scorer's verdict on imported copy, and the desk's warning when it is not clean. */
export async function checkImportedCopy(db: Db, article: ArticleInput): Promise<{ verdict: SpamVerdict; warning: string | null }> {
  const verdict = await scoreArticleText(db, importedCopyText(article));
  if (verdict.action === 'allow') return { verdict, warning: null };
  const reasons = verdict.reasons
    .filter((r) => r.score > 0)
    .map((r) => r.detail)
    .slice(0, 4)
    .join('；');
  return { verdict, warning: `疑似博彩或垃圾内容（得分 ${verdict.score}，${verdict.action}）：${reasons}` };
}
