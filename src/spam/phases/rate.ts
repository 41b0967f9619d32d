import { countSince } from '../fingerprints.store.js';
import type { PhaseResult, SpamContext } from '../pipeline.js';

/** The window and the most texts a reader, or a network, may send in it before it counts against them. */
export const RATE_LIMITS = { windowMs: 10 * 60 * 1000, perReader: 5, perNetwork: 30 } as const;

/**
 * Rate limits as signals, not errors: the sixth comment in ten minutes from one reader (or the
 * 31st from one network, where many readers may share a carrier's address) adds a score that
 * grows with the excess. Needs a sender.
 */
export async function ratePhase(ctx: SpamContext): Promise<PhaseResult> {
  if (!ctx.sender) return { reasons: [] };
  const since = new Date(ctx.now.getTime() - RATE_LIMITS.windowMs).toISOString();
  const [reader, network] = await Promise.all([
    countSince(ctx.db, 'reader_key', ctx.sender.readerKey, since),
    countSince(ctx.db, 'network_key', ctx.sender.networkKey, since),
  ]);
  const reasons: PhaseResult['reasons'] = [];
  if (reader >= RATE_LIMITS.perReader) {
    const score = Math.min(8, 4 + (reader - RATE_LIMITS.perReader) * 0.5);
    reasons.push({ phase: 'rate', detail: `该读者 10 分钟内已发 ${reader} 条（上限 ${RATE_LIMITS.perReader}）`, score });
  }
  if (network >= RATE_LIMITS.perNetwork) {
    const score = Math.min(6, 3 + (network - RATE_LIMITS.perNetwork) * 0.1);
    reasons.push({ phase: 'rate', detail: `同一网络 10 分钟内已发 ${network} 条（上限 ${RATE_LIMITS.perNetwork}）`, score });
  }
  return { reasons, evidence: reasons.length > 0 };
}
