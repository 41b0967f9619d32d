/** Renders the API's diffs (`{op, text}[]`, list and value changes) as <ins>/<del> markup. */
import type { T } from './boot.js';
import { h } from './dom.js';
import type { UiKey } from '../i18n.js';

export interface DiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}
interface ListChange {
  added: string[];
  removed: string[];
  reordered: boolean;
}
interface ValueChange {
  before: unknown;
  after: unknown;
  changed: boolean;
}
/** `SnapshotComparison` as JSON. */
export type Changes = Record<string, DiffOp[] | ListChange | ValueChange | string[]> & { changedFields: string[] };

/** Long unchanged stretches are shortened to their ends, so the change stands out. */
const CONTEXT = 40;

export function renderOps(ops: DiffOp[]): HTMLElement {
  return h(
    'p',
    { class: 'diff-text' },
    ops.map((op) => {
      if (op.op === 'insert') return h('ins', {}, op.text);
      if (op.op === 'delete') return h('del', {}, op.text);
      const text = op.text.length > CONTEXT * 2 ? `${op.text.slice(0, CONTEXT)} … ${op.text.slice(-CONTEXT)}` : op.text;
      return h('span', {}, text);
    }),
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(show).join('、');
  return Object.values(value as Record<string, unknown>)
    .filter((v) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(show)
    .join(' · ');
}

/** Every changed field with its label and its diff. */
export function renderChanges(t: T, changes: Changes): HTMLElement {
  if (changes.changedFields.length === 0) return h('p', { class: 'empty' }, t('noChanges'));
  return h(
    'dl',
    { class: 'diff-fields' },
    changes.changedFields.flatMap((field) => {
      const change = changes[field];
      const label = t(`field_${field}` as UiKey);
      let body: HTMLElement;
      if (Array.isArray(change)) body = renderOps(change as DiffOp[]);
      else if (change && 'added' in change)
        body = h('p', { class: 'diff-text' }, change.removed.flatMap((r) => [h('del', {}, r), ' ']), change.added.flatMap((a) => [h('ins', {}, a), ' ']), change.reordered ? '⇅' : '');
      else if (change && 'before' in change) body = h('p', { class: 'diff-text' }, h('del', {}, show(change.before)), ' → ', h('ins', {}, show(change.after)));
      else body = h('p', {}, '');
      return [h('dt', {}, label), h('dd', {}, body)];
    }),
  );
}
