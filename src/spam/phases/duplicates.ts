import { selectCandidates } from '../fingerprints.store.js';
import { bandKeys, decodeSignature, minhashSignature, similarity } from '../minhash.js';
import type { PhaseResult, SpamContext } from '../pipeline.js';

/** Estimated Jaccard similarity of shingles at which two texts count as the same. */
export const NEAR_DUPLICATE = 0.6;
export const DUPLICATE_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Near-duplicates over the last 24 hours: the same text from several accounts is a campaign;
 * from the same reader, a repeat. Needs a sender.
 */
export async function duplicatesPhase(ctx: SpamContext): Promise<PhaseResult> {
  if (!ctx.sender) return { reasons: [] };
  const signature = minhashSignature(ctx.text.skeleton.text);
  if (!signature) return { reasons: [] };
  const since = new Date(ctx.now.getTime() - DUPLICATE_WINDOW_MS).toISOString();
  const candidates = await selectCandidates(ctx.db, bandKeys(signature), since);
  const others = new Set<string>();
  let repeats = 0;
  for (const c of candidates) {
    if (similarity(signature, decodeSignature(c.signature)) < NEAR_DUPLICATE) continue;
    if (c.readerKey === ctx.sender.readerKey) repeats++;
    else others.add(c.readerKey);
  }
  const reasons: PhaseResult['reasons'] = [];
  if (others.size > 0) {
    reasons.push({ phase: 'duplicates', detail: `24 小时内另有 ${others.size} 个账号发过几乎相同的内容`, score: 2 + Math.min(4, others.size) });
  }
  if (repeats > 0) {
    reasons.push({ phase: 'duplicates', detail: `同一读者 24 小时内第 ${repeats + 1} 次发送几乎相同的内容`, score: Math.min(3, 1 + repeats * 0.5) });
  }
  return { reasons, evidence: reasons.length > 0 };
}
