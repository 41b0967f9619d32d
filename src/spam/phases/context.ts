import type { PhaseResult, SpamContext } from '../pipeline.js';

/**
 * Words of warning and reporting: spam never calls itself a scam, while police notices,
 * anti-fraud advice and crime reports quote spam's own wording (稳赚不赔, 裸聊, 注册送) to
 * warn about it. Matched on the skeleton, so spacing does not hide them either way.
 */
const WARNING = /诈骗|骗局|骗子|骗了|被骗|上当|警方|警察|公安|民警|反诈|警惕|提醒|举报|打击|破获|违法|非法|犯罪|套路|谨防|当心|别信|不要信|敲诈|勒索|案件|涉案/gu;

/** How much warning talk takes off, at most (never enough to undo a contact plus a call to action). */
const MAX_DISCOUNT = -3;

/** Takes score off text that warns about or reports on spam rather than advertising. */
export function contextPhase(ctx: Pick<SpamContext, 'text'>): PhaseResult {
  const words = [...new Set(ctx.text.skeleton.text.match(WARNING) ?? [])];
  if (words.length === 0) return { reasons: [] };
  const score = Math.max(MAX_DISCOUNT, -1.5 * words.length);
  return { reasons: [{ phase: 'context', detail: `警示或报道用语：${words.slice(0, 4).join('、')}`, score }] };
}
