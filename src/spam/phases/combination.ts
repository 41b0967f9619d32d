import type { SpamReason } from '../model.js';
import type { PhaseResult, SpamContext } from '../pipeline.js';
import type { TermCategory } from '../model.js';

/** Summed weight of the matched terms of some categories. */
function weightOf(ctx: SpamContext, categories: TermCategory[]): number {
  return ctx.terms.filter((h) => categories.includes(h.term.category)).reduce((sum, h) => sum + h.term.weight, 0);
}

/**
 * The rule that separates news from spam: a subject (gambling, porn, a scam) on its own is
 * news talk; the same subject with a way to reach someone (a contact, a URL) or a call to act
 * (开户, 首充, 返水, 加我…) is an advertisement, and is held.
 */
export function combinationPhase(ctx: SpamContext): PhaseResult {
  const gambling = weightOf(ctx, ['gambling']);
  const vice = weightOf(ctx, ['porn', 'scam']);
  const lure = weightOf(ctx, ['cta', 'contact-lure']);
  const contact = ctx.contacts.length > 0;
  const with_ = [contact && '联系方式', lure >= 1.5 && '招揽用语'].filter(Boolean).join('和');
  const reasons: SpamReason[] = [];
  if (gambling >= 1 && with_) {
    reasons.push({ phase: 'combination', detail: `博彩词与${with_}同时出现`, score: 4 });
  } else if (vice >= 1 && with_) {
    reasons.push({ phase: 'combination', detail: `色情或诈骗词与${with_}同时出现`, score: 4 });
  } else if (contact && lure >= 1.5) {
    return { reasons: [{ phase: 'combination', detail: '招揽用语与联系方式同时出现', score: 2 }], evidence: true };
  }
  return reasons.length > 0 ? { reasons, floor: 'hold', evidence: true } : { reasons };
}
