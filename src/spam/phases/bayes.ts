import { selectDocCounts, selectTokenCounts } from '../bayes.store.js';
import { bayesTokens, judge } from '../bayes-model.js';
import type { PhaseResult, SpamContext } from '../pipeline.js';

/** Below this many documents of either class the model is not asked. */
const MIN_TRAINING_DOCS = 10;
/** Log-odds → score. Capped both ways, so the model weighs like one strong signal, never more. */
const SCALE = 0.6;
const MAX_SPAM = 5;
const MAX_HAM = -3;
/**
 * A judgement this sure (log-odds ≥ 7.5, p > 0.9994) counts as evidence: the text reads like
 * the spam the model learnt, not like news talk, so gambling words in it are no longer exempt.
 */
const EVIDENCE_SCORE = 4.5;

/** Asks the Bayes model; adds its judgement (negative for ham-like text) when it is not near even. */
export async function bayesPhase(ctx: SpamContext): Promise<PhaseResult> {
  const docs = await selectDocCounts(ctx.db);
  if (docs.spam < MIN_TRAINING_DOCS || docs.ham < MIN_TRAINING_DOCS) return { reasons: [] };
  const tokens = bayesTokens(ctx.text, ctx.terms, ctx.contacts);
  const judgement = judge(tokens, await selectTokenCounts(ctx.db, tokens), docs);
  const score = Math.round(Math.min(MAX_SPAM, Math.max(MAX_HAM, judgement.logOdds * SCALE)) * 10) / 10;
  if (Math.abs(score) < 0.5) return { reasons: [] };
  const percent = Math.round(judgement.probability * 1000) / 10;
  const telling = judgement.decisive
    .filter((d) => (score > 0 ? d.logRatio > 0 : d.logRatio < 0))
    .slice(0, 4)
    .map((d) => d.token)
    .join(' ');
  return { reasons: [{ phase: 'bayes', detail: `贝叶斯模型：垃圾概率 ${percent}%（${telling}）`, score }], evidence: score >= EVIDENCE_SCORE };
}
