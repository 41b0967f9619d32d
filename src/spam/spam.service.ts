import type { Db } from '../platform/db/database.js';
import { addCounts, type TokenCounts } from './bayes.store.js';
import { deleteFingerprintsBefore, insertFingerprint } from './fingerprints.store.js';
import { bandKeys, encodeSignature, minhashSignature } from './minhash.js';
import type { Highlight, SpamAction, SpamAnalysis, SpamReason, SpamSender, SpamVerdict } from './model.js';
import { bayesPhase } from './phases/bayes.js';
import { combinationPhase } from './phases/combination.js';
import { contactsPhase } from './phases/contacts.js';
import { contextPhase } from './phases/context.js';
import { DUPLICATE_WINDOW_MS, duplicatesPhase } from './phases/duplicates.js';
import { normalisePhase } from './phases/normalise.js';
import { ratePhase } from './phases/rate.js';
import { termsPhase } from './phases/terms.js';
import { buildContext, textTokens, type Phase, type SpamContext } from './pipeline.js';
import { ensureStarterModel } from './starter-model.js';
import { atLeast, decideAction } from './thresholds.js';

export type { Highlight, SpamAction, SpamAnalysis, SpamReason, SpamSender, SpamVerdict } from './model.js';

/** The phases, in order. Each adds scored reasons; none decides alone. */
const PHASES: readonly Phase[] = [normalisePhase, termsPhase, contactsPhase, combinationPhase, contextPhase, bayesPhase, duplicatesPhase, ratePhase];

/** How often one process deletes fingerprints older than 24 hours. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const lastPrune = new WeakMap<Db, number>();

async function runPhases(ctx: SpamContext): Promise<SpamAnalysis> {
  const reasons: SpamReason[] = [];
  const highlights: Highlight[] = [];
  let floor: SpamAction = 'allow';
  let evidence = false;
  for (const phase of PHASES) {
    const result = await phase(ctx);
    reasons.push(...result.reasons);
    highlights.push(...(result.highlights ?? []));
    if (result.floor) floor = atLeast(floor, result.floor);
    evidence ||= result.evidence === true;
  }
  const score = Math.round(reasons.reduce((sum, r) => sum + r.score, 0) * 10) / 10;
  return { score, action: decideAction(score, { floor, evidence }), reasons, highlights: highlights.sort((a, b) => a.start - b.start) };
}

async function recordSender(db: Db, ctx: SpamContext, sender: SpamSender): Promise<void> {
  const signature = minhashSignature(ctx.text.skeleton.text);
  await insertFingerprint(db, {
    createdAt: ctx.now.toISOString(),
    readerKey: sender.readerKey,
    networkKey: sender.networkKey,
    signature: signature ? encodeSignature(signature) : null,
    bands: signature ? bandKeys(signature) : [],
  });
  const now = ctx.now.getTime();
  if (now - (lastPrune.get(db) ?? 0) >= PRUNE_EVERY_MS) {
    lastPrune.set(db, now);
    await deleteFingerprintsBefore(db, new Date(now - DUPLICATE_WINDOW_MS).toISOString());
  }
}

/**
 * Scores a text and says where in it each signal was found (for the newsroom's check tool).
 * Records nothing.
 */
export async function analyseText(db: Db, text: string, options: { sender?: SpamSender; now?: Date } = {}): Promise<SpamAnalysis> {
  await ensureStarterModel(db);
  const ctx = await buildContext(db, text, options.sender ?? null, options.now ?? new Date());
  return runPhases(ctx);
}

/**
 * Scores a text; with a sender, also records it for the near-duplicate and rate phases (the
 * sender's opaque keys and a MinHash signature, kept 24 hours; never the text).
 * @example const { action, reasons } = await checkText(db, body, { sender: { readerKey, networkKey } });
 */
export async function checkText(db: Db, text: string, options: { sender?: SpamSender; now?: Date } = {}): Promise<SpamVerdict> {
  await ensureStarterModel(db);
  const ctx = await buildContext(db, text, options.sender ?? null, options.now ?? new Date());
  const { score, action, reasons } = await runPhases(ctx);
  if (options.sender) await recordSender(db, ctx, options.sender);
  return { score, action, reasons };
}

/** Scores article text (imports, newsroom edits): the same pipeline, no sender, nothing recorded or learnt. */
export async function scoreArticleText(db: Db, text: string): Promise<SpamVerdict> {
  return checkText(db, text);
}

/** A moderator's decision teaches the Bayes model: 'spam' for rejected-as-spam, 'ham' for approved. */
export async function learnFromDecision(db: Db, text: string, label: 'spam' | 'ham'): Promise<void> {
  await ensureStarterModel(db);
  const counts = new Map<string, TokenCounts>();
  for (const token of await textTokens(db, text)) counts.set(token, label === 'spam' ? { spam: 1, ham: 0 } : { spam: 0, ham: 1 });
  await addCounts(db, counts, label === 'spam' ? { spam: 1, ham: 0 } : { spam: 0, ham: 1 });
}
