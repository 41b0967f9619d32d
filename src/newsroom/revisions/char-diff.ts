/**
 * Character-level diff for Chinese copy. Chinese has no spaces, so word diffs would mark
 * whole sentences; raw character diffs are minimal but choppy (今→昨, 天 kept, +正式), so
 * short equal runs trapped between changes are folded into the change around them.
 */

import { diffChars } from 'diff';

export interface DiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** A diff taking longer than this falls back to one replaced middle (common ends kept). */
const TIMEOUT_MS = 1_000;

/** Length in code points, so 𠮷 counts as one character like 吉. */
function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/**
 * The ops turning `before` into `after`, equal runs kept, deletes before inserts in each
 * change. Joining equal+delete texts gives `before`; equal+insert gives `after`.
 * Never splits a surrogate pair (the diff works on code points).
 * @example charDiff('市政府今天宣布', '市政府昨天正式宣布')
 * // [{op:'equal',text:'市政府'}, {op:'delete',text:'今天'}, {op:'insert',text:'昨天正式'}, {op:'equal',text:'宣布'}]
 */
export function charDiff(before: string, after: string): DiffOp[] {
  if (before === after) return before === '' ? [] : [{ op: 'equal', text: before }];
  const changes = diffChars(before, after, { timeout: TIMEOUT_MS });
  const raw: DiffOp[] = changes
    ? changes.map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }))
    : replaceMiddle(before, after);
  return foldShortEquals(toRuns(raw));
}

/** Common prefix and suffix (whole code points) kept, everything between replaced. */
function replaceMiddle(before: string, after: string): DiffOp[] {
  const a = Array.from(before);
  const b = Array.from(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end += 1;
  return [
    { op: 'equal', text: a.slice(0, start).join('') },
    { op: 'delete', text: a.slice(start, a.length - end).join('') },
    { op: 'insert', text: b.slice(start, b.length - end).join('') },
    { op: 'equal', text: a.slice(a.length - end).join('') },
  ];
}

/** A stretch of the diff: an equal run, or one change (what it removed and what it added). */
type Run = { kind: 'equal'; text: string } | { kind: 'change'; removed: string; added: string };

function toRuns(ops: DiffOp[]): Run[] {
  const runs: Run[] = [];
  for (const { op, text } of ops) {
    if (text === '') continue;
    const last = runs.at(-1);
    if (op === 'equal') {
      if (last?.kind === 'equal') last.text += text;
      else runs.push({ kind: 'equal', text });
    } else {
      const change = last?.kind === 'change' ? last : { kind: 'change' as const, removed: '', added: '' };
      if (change !== last) runs.push(change);
      if (op === 'delete') change.removed += text;
      else change.added += text;
    }
  }
  return runs;
}

/**
 * Folds an equal run between two changes into them when it is no longer than the bigger
 * side of the change on each side of it (the semantic clean-up of diff-match-patch), so
 * 今→昨 天 +正式 reads 今天→昨天正式. Runs holding a line break stay, so a body diff never
 * merges changes across blocks. Repeats until nothing folds, as a fold can make a
 * neighbouring change big enough to swallow the run before it.
 */
function foldShortEquals(runs: Run[]): DiffOp[] {
  let i = 1;
  while (i < runs.length - 1) {
    const prev = runs[i - 1];
    const run = runs[i];
    const next = runs[i + 1];
    if (run?.kind === 'equal' && prev?.kind === 'change' && next?.kind === 'change' && !run.text.includes('\n')) {
      const size = charLength(run.text);
      const prevSize = Math.max(charLength(prev.removed), charLength(prev.added));
      const nextSize = Math.max(charLength(next.removed), charLength(next.added));
      if (size <= prevSize && size <= nextSize) {
        runs.splice(i - 1, 3, {
          kind: 'change',
          removed: prev.removed + run.text + next.removed,
          added: prev.added + run.text + next.added,
        });
        // The merged change is bigger, so the equal run before it may fold now.
        i = Math.max(1, i - 2);
        continue;
      }
    }
    i += 1;
  }
  return runs.flatMap((run): DiffOp[] => {
    if (run.kind === 'equal') return [{ op: 'equal', text: run.text }];
    const ops: DiffOp[] = [];
    if (run.removed !== '') ops.push({ op: 'delete', text: run.removed });
    if (run.added !== '') ops.push({ op: 'insert', text: run.added });
    return ops;
  });
}

/** True when the ops change nothing. */
export function isUnchanged(ops: DiffOp[]): boolean {
  return ops.every((o) => o.op === 'equal');
}
