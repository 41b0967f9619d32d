/**
 * The editorial workflow: which action moves an article from which stage to which, and who
 * may take it. Pure data and functions, no I/O; the article service asks `assertTransition`
 * before it writes a stage change.
 */

import type { ArticleStatus } from '../../articles/model.js';
import { AppError } from '../../platform/errors.js';
import { worksOnDesk, type Actor, type StaffRole } from '../staff/actor.js';

/** Every desk stage, in the order the admin UI lists them. */
export const STAGES = ['draft', 'returned', 'submitted', 'scheduled', 'published', 'unpublished'] as const satisfies readonly ArticleStatus[];

/** Everything that can be done to an article in the newsroom. */
export const ACTIONS = [
  'edit',
  'submit',
  'return',
  'publish',
  'schedule',
  'unschedule',
  'run-schedule',
  'unpublish',
  'republish',
  'correct',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Chinese names of the stages, as the desk calls them. */
export const STAGE_LABELS: Readonly<Record<ArticleStatus, string>> = {
  draft: '待编',
  returned: '已退回',
  submitted: '待审',
  scheduled: '定时签发',
  published: '已签发',
  unpublished: '已撤稿',
};

/** Chinese names of the actions, for buttons and messages. */
export const ACTION_LABELS: Readonly<Record<Action, string>> = {
  edit: '修改',
  submit: '提交',
  return: '退回',
  publish: '签发',
  schedule: '定时签发',
  unschedule: '取消定时',
  'run-schedule': '执行定时签发',
  unpublish: '撤稿',
  republish: '重新签发',
  correct: '更正',
};

/** Who is acting on one particular article. `system` is the job runner. */
export interface Who {
  role: StaffRole | 'system';
  /** The actor wrote the article (matters for reporters and off-desk editors). */
  isAuthor: boolean;
  /** The actor works on the article's desk (matters for editors; see `worksOnDesk`). */
  onDesk: boolean;
}

/**
 * The capacity someone acts in on an article, which is all the rules look at:
 * `desk` = an admin, or an editor on the article's desk; `author` = a reporter who wrote it,
 * or an editor off the desk who wrote it (an off-desk editor is treated as a reporter);
 * `system` = the job runner.
 */
type Capacity = 'desk' | 'author' | 'system';

const DESK: readonly Capacity[] = ['desk'];
const DESK_OR_AUTHOR: readonly Capacity[] = ['desk', 'author'];
const SYSTEM: readonly Capacity[] = ['system'];

interface Rule {
  to: ArticleStatus;
  by: readonly Capacity[];
}

/**
 * THE table. For each action: the stages it may be taken from, the stage it leads to, and
 * the capacities allowed to take it there. A stage missing from an action's row means the
 * action is never possible from that stage, whoever asks.
 */
const RULES: Readonly<Record<Action, Partial<Record<ArticleStatus, Rule>>>> = {
  // Reporters lose the pen once they submit; the desk may edit at any stage, and editing a
  // published article is a new version of the live page.
  edit: {
    draft: { to: 'draft', by: DESK_OR_AUTHOR },
    returned: { to: 'returned', by: DESK_OR_AUTHOR },
    submitted: { to: 'submitted', by: DESK },
    scheduled: { to: 'scheduled', by: DESK },
    published: { to: 'published', by: DESK },
    unpublished: { to: 'unpublished', by: DESK },
  },
  submit: {
    draft: { to: 'submitted', by: DESK_OR_AUTHOR },
    returned: { to: 'submitted', by: DESK_OR_AUTHOR },
  },
  return: {
    submitted: { to: 'returned', by: DESK },
  },
  // Not from `returned`: the reporter holds that copy until it is resubmitted. From
  // `draft` so the desk's own breaking copy need not queue; from `scheduled` to publish now.
  publish: {
    draft: { to: 'published', by: DESK },
    submitted: { to: 'published', by: DESK },
    scheduled: { to: 'published', by: DESK },
  },
  // From `scheduled` to change the time.
  schedule: {
    draft: { to: 'scheduled', by: DESK },
    submitted: { to: 'scheduled', by: DESK },
    scheduled: { to: 'scheduled', by: DESK },
  },
  // Withdrawing the sign-off puts the copy back in the 待审 queue.
  unschedule: {
    scheduled: { to: 'submitted', by: DESK },
  },
  // Only from `scheduled`, so a job that runs twice cannot publish twice.
  'run-schedule': {
    scheduled: { to: 'published', by: SYSTEM },
  },
  unpublish: {
    published: { to: 'unpublished', by: DESK },
  },
  republish: {
    unpublished: { to: 'published', by: DESK },
  },
  correct: {
    published: { to: 'published', by: DESK },
  },
};

/** The outcome of `decide`. */
export type Decision =
  | { ok: true; to: ArticleStatus }
  | { ok: false; reason: 'not-allowed-from-stage' | 'role-not-allowed'; message: string };

function capacityOf(who: Who): Capacity | null {
  switch (who.role) {
    case 'system':
      return 'system';
    case 'admin':
      return 'desk';
    case 'editor':
      if (who.onDesk) return 'desk';
      return who.isAuthor ? 'author' : null;
    case 'reporter':
      return who.isAuthor ? 'author' : null;
    case 'moderator':
      return null;
  }
}

/** The stages `action` can be taken from at all, in STAGES order. */
function stagesFor(action: Action): ArticleStatus[] {
  return STAGES.filter((s) => RULES[action][s] !== undefined);
}

function roleMessage(action: Action, who: Who, capacities: readonly Capacity[], stage: ArticleStatus | null): string {
  const verb = ACTION_LABELS[action];
  if (who.role === 'moderator') return '审核员不能处理稿件';
  if (who.role === 'system') return `定时任务不能${verb}稿件`;
  if (capacities.includes('system')) return `${verb}只能由定时任务执行；如需立即发布，请使用「签发」`;
  const whom = capacities.includes('author') ? '作者或本版编辑' : '本版编辑';
  return stage === null ? `只有${whom}可以${verb}这篇稿件` : `${STAGE_LABELS[stage]}的稿件只有${whom}可以${verb}`;
}

function stageMessage(action: Action, stage: ArticleStatus): string {
  const verb = ACTION_LABELS[action];
  const from = stagesFor(action).map((s) => STAGE_LABELS[s]).join('、');
  if (action === 'run-schedule' && stage === 'published') return '稿件已签发，定时签发不会重复执行';
  return `${STAGE_LABELS[stage]}的稿件不能${verb}；只有${from}的稿件可以${verb}`;
}

/**
 * Whether `who` may take `action` on an article in `stage`, and the stage it leads to.
 * Checked in this order, so the message names the real obstacle: someone who may never
 * take the action is told so (role-not-allowed); then a stage the action cannot start from
 * (not-allowed-from-stage); then a stage where their role may not take it (role-not-allowed).
 * @example decide('draft', 'submit', { role: 'reporter', isAuthor: true, onDesk: false }) // { ok: true, to: 'submitted' }
 */
export function decide(stage: ArticleStatus, action: Action, who: Who): Decision {
  const capacity = capacityOf(who);
  const rules = RULES[action];
  const everAllowed = STAGES.flatMap((s) => rules[s]?.by ?? []);
  if (capacity === null || !everAllowed.includes(capacity)) {
    return { ok: false, reason: 'role-not-allowed', message: roleMessage(action, who, everAllowed, null) };
  }
  const rule = rules[stage];
  if (rule === undefined) return { ok: false, reason: 'not-allowed-from-stage', message: stageMessage(action, stage) };
  if (!rule.by.includes(capacity)) {
    return { ok: false, reason: 'role-not-allowed', message: roleMessage(action, who, rule.by, stage) };
  }
  return { ok: true, to: rule.to };
}

/** The actions `who` may take on an article in `stage`, in ACTIONS order (for the admin UI's buttons). */
export function allowedActions(stage: ArticleStatus, who: Who): Action[] {
  return ACTIONS.filter((action) => decide(stage, action, who).ok);
}

/**
 * Thrown when a transition is refused: 422 `transition_not_allowed` when the stage is wrong
 * (reload and look again), 403 `forbidden` when the actor's role may not do it.
 */
export class TransitionError extends AppError {
  constructor(
    readonly reason: 'not-allowed-from-stage' | 'role-not-allowed',
    readonly stage: ArticleStatus,
    readonly action: Action,
    publicMessage: string,
    role: Who['role'],
  ) {
    super(
      reason === 'not-allowed-from-stage' ? 422 : 403,
      reason === 'not-allowed-from-stage' ? 'transition_not_allowed' : 'forbidden',
      publicMessage,
      `workflow: ${role} may not ${action} an article in stage ${stage} (${reason})`,
    );
    this.name = 'TransitionError';
  }
}

/** Like `decide`, but returns the next stage or throws a TransitionError. */
export function assertTransition(stage: ArticleStatus, action: Action, who: Who): ArticleStatus {
  const decision = decide(stage, action, who);
  if (!decision.ok) throw new TransitionError(decision.reason, stage, action, decision.message, who.role);
  return decision.to;
}

/**
 * Who `actor` is for one article: author when they are its `authorId`, on the desk when they
 * work on its section. Pass 'system' for the job runner.
 */
export function whoFor(actor: Actor | 'system', article: { authorId: number | null; sectionId: number }): Who {
  if (actor === 'system') return { role: 'system', isAuthor: false, onDesk: false };
  return {
    role: actor.role,
    isAuthor: article.authorId !== null && article.authorId === actor.id,
    onDesk: worksOnDesk(actor, article.sectionId),
  };
}
