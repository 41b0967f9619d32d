import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArticleStatus } from '../../articles/model.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../staff/actor.js';
import {
  ACTION_LABELS,
  ACTIONS,
  STAGE_LABELS,
  STAGES,
  TransitionError,
  allowedActions,
  assertTransition,
  decide,
  whoFor,
  type Action,
  type Who,
} from './workflow.js';

const PERSONAS = {
  admin: { role: 'admin', isAuthor: false, onDesk: true },
  deskEditor: { role: 'editor', isAuthor: false, onDesk: true },
  offDeskEditor: { role: 'editor', isAuthor: false, onDesk: false },
  offDeskAuthor: { role: 'editor', isAuthor: true, onDesk: false },
  author: { role: 'reporter', isAuthor: true, onDesk: false },
  reporter: { role: 'reporter', isAuthor: false, onDesk: false },
  moderator: { role: 'moderator', isAuthor: false, onDesk: false },
  system: { role: 'system', isAuthor: false, onDesk: false },
} as const satisfies Record<string, Who>;
type Persona = keyof typeof PERSONAS;
const ORDER: Persona[] = ['admin', 'deskEditor', 'offDeskEditor', 'offDeskAuthor', 'author', 'reporter', 'moderator', 'system'];

/** A stage name: allowed, leading there. 403: role-not-allowed. 422: not-allowed-from-stage. */
type Cell = ArticleStatus | 403 | 422;
type Row = [ArticleStatus, Action, [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell]];

const F = 403;
const S = 422;

// Written out by hand, on purpose: this is the spec, not a copy of the code's table.
// prettier-ignore
const EXPECTED: Row[] = [
  //                                admin          deskEditor     offDeskEditor offDeskAuthor  author         reporter moderator system
  ['draft',       'edit',         ['draft',       'draft',       F,            'draft',       'draft',       F,       F,        F]],
  ['returned',    'edit',         ['returned',    'returned',    F,            'returned',    'returned',    F,       F,        F]],
  ['submitted',   'edit',         ['submitted',   'submitted',   F,            F,             F,             F,       F,        F]],
  ['scheduled',   'edit',         ['scheduled',   'scheduled',   F,            F,             F,             F,       F,        F]],
  ['published',   'edit',         ['published',   'published',   F,            F,             F,             F,       F,        F]],
  ['unpublished', 'edit',         ['unpublished', 'unpublished', F,            F,             F,             F,       F,        F]],

  ['draft',       'submit',       ['submitted',   'submitted',   F,            'submitted',   'submitted',   F,       F,        F]],
  ['returned',    'submit',       ['submitted',   'submitted',   F,            'submitted',   'submitted',   F,       F,        F]],
  ['submitted',   'submit',       [S,             S,             F,            S,             S,             F,       F,        F]],
  ['scheduled',   'submit',       [S,             S,             F,            S,             S,             F,       F,        F]],
  ['published',   'submit',       [S,             S,             F,            S,             S,             F,       F,        F]],
  ['unpublished', 'submit',       [S,             S,             F,            S,             S,             F,       F,        F]],

  ['draft',       'return',       [S,             S,             F,            F,             F,             F,       F,        F]],
  ['returned',    'return',       [S,             S,             F,            F,             F,             F,       F,        F]],
  ['submitted',   'return',       ['returned',    'returned',    F,            F,             F,             F,       F,        F]],
  ['scheduled',   'return',       [S,             S,             F,            F,             F,             F,       F,        F]],
  ['published',   'return',       [S,             S,             F,            F,             F,             F,       F,        F]],
  ['unpublished', 'return',       [S,             S,             F,            F,             F,             F,       F,        F]],

  ['draft',       'publish',      ['published',   'published',   F,            F,             F,             F,       F,        F]],
  ['returned',    'publish',      [S,             S,             F,            F,             F,             F,       F,        F]],
  ['submitted',   'publish',      ['published',   'published',   F,            F,             F,             F,       F,        F]],
  ['scheduled',   'publish',      ['published',   'published',   F,            F,             F,             F,       F,        F]],
  ['published',   'publish',      [S,             S,             F,            F,             F,             F,       F,        F]],
  ['unpublished', 'publish',      [S,             S,             F,            F,             F,             F,       F,        F]],

  ['draft',       'schedule',     ['scheduled',   'scheduled',   F,            F,             F,             F,       F,        F]],
  ['returned',    'schedule',     [S,             S,             F,            F,             F,             F,       F,        F]],
  ['submitted',   'schedule',     ['scheduled',   'scheduled',   F,            F,             F,             F,       F,        F]],
  ['scheduled',   'schedule',     ['scheduled',   'scheduled',   F,            F,             F,             F,       F,        F]],
  ['published',   'schedule',     [S,             S,             F,            F,             F,             F,       F,        F]],
  ['unpublished', 'schedule',     [S,             S,             F,            F,             F,             F,       F,        F]],

  ['draft',       'unschedule',   [S,             S,             F,            F,             F,             F,       F,        F]],
  ['returned',    'unschedule',   [S,             S,             F,            F,             F,             F,       F,        F]],
  ['submitted',   'unschedule',   [S,             S,             F,            F,             F,             F,       F,        F]],
  ['scheduled',   'unschedule',   ['submitted',   'submitted',   F,            F,             F,             F,       F,        F]],
  ['published',   'unschedule',   [S,             S,             F,            F,             F,             F,       F,        F]],
  ['unpublished', 'unschedule',   [S,             S,             F,            F,             F,             F,       F,        F]],

  ['draft',       'run-schedule', [F,             F,             F,            F,             F,             F,       F,        S]],
  ['returned',    'run-schedule', [F,             F,             F,            F,             F,             F,       F,        S]],
  ['submitted',   'run-schedule', [F,             F,             F,            F,             F,             F,       F,        S]],
  ['scheduled',   'run-schedule', [F,             F,             F,            F,             F,             F,       F,        'published']],
  ['published',   'run-schedule', [F,             F,             F,            F,             F,             F,       F,        S]],
  ['unpublished', 'run-schedule', [F,             F,             F,            F,             F,             F,       F,        S]],

  ['draft',       'unpublish',    [S,             S,             F,            F,             F,             F,       F,        F]],
  ['returned',    'unpublish',    [S,             S,             F,            F,             F,             F,       F,        F]],
  ['submitted',   'unpublish',    [S,             S,             F,            F,             F,             F,       F,        F]],
  ['scheduled',   'unpublish',    [S,             S,             F,            F,             F,             F,       F,        F]],
  ['published',   'unpublish',    ['unpublished', 'unpublished', F,            F,             F,             F,       F,        F]],
  ['unpublished', 'unpublish',    [S,             S,             F,            F,             F,             F,       F,        F]],

  ['draft',       'republish',    [S,             S,             F,            F,             F,             F,       F,        F]],
  ['returned',    'republish',    [S,             S,             F,            F,             F,             F,       F,        F]],
  ['submitted',   'republish',    [S,             S,             F,            F,             F,             F,       F,        F]],
  ['scheduled',   'republish',    [S,             S,             F,            F,             F,             F,       F,        F]],
  ['published',   'republish',    [S,             S,             F,            F,             F,             F,       F,        F]],
  ['unpublished', 'republish',    ['published',   'published',   F,            F,             F,             F,       F,        F]],

  ['draft',       'correct',      [S,             S,             F,            F,             F,             F,       F,        F]],
  ['returned',    'correct',      [S,             S,             F,            F,             F,             F,       F,        F]],
  ['submitted',   'correct',      [S,             S,             F,            F,             F,             F,       F,        F]],
  ['scheduled',   'correct',      [S,             S,             F,            F,             F,             F,       F,        F]],
  ['published',   'correct',      ['published',   'published',   F,            F,             F,             F,       F,        F]],
  ['unpublished', 'correct',      [S,             S,             F,            F,             F,             F,       F,        F]],
];

function cellOf(stage: ArticleStatus, action: Action, who: Who): Cell {
  const d = decide(stage, action, who);
  if (d.ok) return d.to;
  return d.reason === 'role-not-allowed' ? F : S;
}

describe('workflow: every stage × action × role', () => {
  it('the expected table covers every stage and action exactly once', () => {
    const keys = EXPECTED.map(([stage, action]) => `${stage}/${action}`);
    assert.equal(new Set(keys).size, keys.length, 'no duplicate rows');
    assert.equal(keys.length, STAGES.length * ACTIONS.length);
    for (const stage of STAGES) for (const action of ACTIONS) assert.ok(keys.includes(`${stage}/${action}`), `${stage}/${action}`);
  });

  for (const [stage, action, cells] of EXPECTED) {
    it(`${action} from ${stage}`, () => {
      ORDER.forEach((persona, i) => {
        assert.equal(cellOf(stage, action, PERSONAS[persona]), cells[i], `${persona}: ${action} from ${stage}`);
      });
    });
  }

  it('every refusal carries a Chinese message', () => {
    for (const stage of STAGES) {
      for (const action of ACTIONS) {
        for (const persona of ORDER) {
          const d = decide(stage, action, PERSONAS[persona]);
          if (!d.ok) assert.match(d.message, /[\u4e00-\u9fff]/, `${persona} ${action} ${stage}`);
        }
      }
    }
  });
});

describe('workflow: messages, errors and helpers', () => {
  it('explains a stage refusal with the stages that would do', () => {
    const d = decide('published', 'submit', PERSONAS.author);
    assert.deepEqual(d, { ok: false, reason: 'not-allowed-from-stage', message: '已签发的稿件不能提交；只有待编、已退回的稿件可以提交' });
  });

  it('tells a reporter who may edit once the copy is submitted', () => {
    const d = decide('submitted', 'edit', PERSONAS.author);
    assert.deepEqual(d, { ok: false, reason: 'role-not-allowed', message: '待审的稿件只有本版编辑可以修改' });
  });

  it('tells a moderator and a reporter that signing off is not theirs to do', () => {
    assert.equal((decide('submitted', 'publish', PERSONAS.moderator) as { message: string }).message, '审核员不能处理稿件');
    assert.equal((decide('submitted', 'publish', PERSONAS.author) as { message: string }).message, '只有本版编辑可以签发这篇稿件');
    assert.match((decide('scheduled', 'run-schedule', PERSONAS.admin) as { message: string }).message, /只能由定时任务执行/);
  });

  it('assertTransition returns the next stage or throws 422 / 403 TransitionErrors', () => {
    assert.equal(assertTransition('draft', 'submit', PERSONAS.author), 'submitted');

    assert.throws(() => assertTransition('published', 'submit', PERSONAS.deskEditor), (e: unknown) => {
      assert.ok(e instanceof TransitionError && e instanceof AppError);
      assert.equal(e.status, 422);
      assert.equal(e.code, 'transition_not_allowed');
      assert.equal(e.reason, 'not-allowed-from-stage');
      assert.equal(e.publicMessage, '已签发的稿件不能提交；只有待编、已退回的稿件可以提交');
      assert.match(e.message, /editor may not submit an article in stage published/);
      return true;
    });

    assert.throws(() => assertTransition('submitted', 'publish', PERSONAS.reporter), (e: unknown) => {
      assert.ok(e instanceof TransitionError);
      assert.equal(e.status, 403);
      assert.equal(e.code, 'forbidden');
      return true;
    });
  });

  it('allowedActions lists the buttons to show', () => {
    assert.deepEqual(allowedActions('draft', PERSONAS.author), ['edit', 'submit']);
    assert.deepEqual(allowedActions('submitted', PERSONAS.author), []);
    assert.deepEqual(allowedActions('submitted', PERSONAS.deskEditor), ['edit', 'return', 'publish', 'schedule']);
    assert.deepEqual(allowedActions('scheduled', PERSONAS.deskEditor), ['edit', 'publish', 'schedule', 'unschedule']);
    assert.deepEqual(allowedActions('published', PERSONAS.admin), ['edit', 'unpublish', 'correct']);
    assert.deepEqual(allowedActions('unpublished', PERSONAS.admin), ['edit', 'republish']);
    assert.deepEqual(allowedActions('scheduled', PERSONAS.system), ['run-schedule']);
    assert.deepEqual(allowedActions('published', PERSONAS.moderator), []);
  });

  it('labels every stage and action in Chinese', () => {
    assert.deepEqual(STAGES.map((s) => STAGE_LABELS[s]), ['待编', '已退回', '待审', '定时签发', '已签发', '已撤稿']);
    for (const action of ACTIONS) assert.match(ACTION_LABELS[action], /^[\u4e00-\u9fff]+$/);
    assert.equal(ACTION_LABELS.submit, '提交');
    assert.equal(ACTION_LABELS.return, '退回');
    assert.equal(ACTION_LABELS.publish, '签发');
    assert.equal(ACTION_LABELS.unpublish, '撤稿');
    assert.equal(ACTION_LABELS.correct, '更正');
  });

  it('whoFor derives authorship and desk from the actor', () => {
    const editor: Actor = { id: 7, displayName: '王编辑', role: 'editor', allDesks: false, deskIds: [2] };
    assert.deepEqual(whoFor(editor, { authorId: 7, sectionId: 3 }), { role: 'editor', isAuthor: true, onDesk: false });
    assert.deepEqual(whoFor(editor, { authorId: null, sectionId: 2 }), { role: 'editor', isAuthor: false, onDesk: true });
    const admin: Actor = { id: 1, displayName: '管理员', role: 'admin', allDesks: false, deskIds: [] };
    assert.deepEqual(whoFor(admin, { authorId: 5, sectionId: 9 }), { role: 'admin', isAuthor: false, onDesk: true });
    assert.deepEqual(whoFor('system', { authorId: 5, sectionId: 9 }), { role: 'system', isAuthor: false, onDesk: false });
  });
});

describe('workflow: scenarios', () => {
  it('draft → submit → return → submit → publish → unpublish → republish', () => {
    let stage: ArticleStatus = 'draft';
    stage = assertTransition(stage, 'edit', PERSONAS.author);
    stage = assertTransition(stage, 'submit', PERSONAS.author);
    assert.equal(stage, 'submitted');
    stage = assertTransition(stage, 'return', PERSONAS.deskEditor);
    assert.equal(stage, 'returned');
    stage = assertTransition(stage, 'edit', PERSONAS.author);
    stage = assertTransition(stage, 'submit', PERSONAS.author);
    stage = assertTransition(stage, 'publish', PERSONAS.deskEditor);
    assert.equal(stage, 'published');
    stage = assertTransition(stage, 'correct', PERSONAS.deskEditor);
    stage = assertTransition(stage, 'unpublish', PERSONAS.admin);
    assert.equal(stage, 'unpublished');
    stage = assertTransition(stage, 'republish', PERSONAS.deskEditor);
    assert.equal(stage, 'published');
  });

  it('schedule → run-schedule happens exactly once', () => {
    let stage = assertTransition('submitted', 'schedule', PERSONAS.deskEditor);
    assert.equal(stage, 'scheduled');
    stage = assertTransition(stage, 'run-schedule', PERSONAS.system);
    assert.equal(stage, 'published');
    const again = decide(stage, 'run-schedule', PERSONAS.system);
    assert.deepEqual(again, { ok: false, reason: 'not-allowed-from-stage', message: '稿件已签发，定时签发不会重复执行' });
  });

  it('a schedule withdrawn or overtaken by 签发 is not run', () => {
    const withdrawn = assertTransition('scheduled', 'unschedule', PERSONAS.deskEditor);
    assert.equal(withdrawn, 'submitted');
    assert.equal(decide(withdrawn, 'run-schedule', PERSONAS.system).ok, false);
    const publishedNow = assertTransition('scheduled', 'publish', PERSONAS.deskEditor);
    assert.equal(decide(publishedNow, 'run-schedule', PERSONAS.system).ok, false);
  });

  it('an editor off the desk is a reporter for that article', () => {
    for (const stage of STAGES) {
      assert.deepEqual(allowedActions(stage, PERSONAS.offDeskAuthor), allowedActions(stage, PERSONAS.author), stage);
      assert.deepEqual(allowedActions(stage, PERSONAS.offDeskEditor), allowedActions(stage, PERSONAS.reporter), stage);
    }
  });
});
