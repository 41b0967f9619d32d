import { SPAM_ACTIONS, type SpamAction } from './model.js';

/**
 * Score → action, in one place. A score at or above `flag` marks the text for a look, at or
 * above `hold` holds it for a moderator, at or above `block` refuses it.
 */
export const THRESHOLDS = { flag: 3, hold: 5, block: 10 } as const;

/** The more severe of two actions. */
export function atLeast(a: SpamAction, b: SpamAction): SpamAction {
  return SPAM_ACTIONS.indexOf(a) >= SPAM_ACTIONS.indexOf(b) ? a : b;
}

/** The less severe of two actions. */
export function atMost(a: SpamAction, b: SpamAction): SpamAction {
  return SPAM_ACTIONS.indexOf(a) <= SPAM_ACTIONS.indexOf(b) ? a : b;
}

/** The action a score alone leads to. */
export function actionForScore(score: number): SpamAction {
  if (score >= THRESHOLDS.block) return 'block';
  if (score >= THRESHOLDS.hold) return 'hold';
  if (score >= THRESHOLDS.flag) return 'flag';
  return 'allow';
}

/**
 * The verdict's action: the score's, raised to `floor` (a hold or block term, a gambling term
 * with a contact or a call to action), and capped at `flag` when nothing but weak signals
 * were seen. That cap is the rule that news words alone never hold a comment: whatever the
 * score of 澳门威尼斯人赌场, without a contact, a call to action, a hold or block term, a
 * near-duplicate or a burst of posts, a moderator never has to release it.
 */
export function decideAction(score: number, options: { floor: SpamAction; evidence: boolean }): SpamAction {
  const byScore = options.evidence ? actionForScore(score) : atMost(actionForScore(score), 'flag');
  return atLeast(byScore, options.floor);
}
