/**
 * Field-by-field comparison of two snapshots: prose as character diffs, lists as added and
 * removed items, everything else as a before/after pair.
 */

import type { Byline, Dateline } from '../../articles/model.js';
import { charDiff, isUnchanged, type DiffOp } from './char-diff.js';
import { bodyToText, type RevisionSnapshot } from './snapshot.js';

/** Items added and removed between two lists. */
export interface ListChange {
  added: string[];
  removed: string[];
  /** True when the items kept appear in a different order. */
  reordered: boolean;
}

/** A field shown as before and after. */
export interface ValueChange<T> {
  before: T;
  after: T;
  changed: boolean;
}

export interface SnapshotComparison {
  title: DiffOp[];
  subtitle: DiffOp[];
  summary: DiffOp[];
  /**
   * Diff of `bodyToText`, so a line is a block (or a list item). A change of block kind the
   * text does not show (a list made ordered) still lists `body` in `changedFields`.
   */
  body: DiffOp[];
  tags: ListChange;
  related: ListChange;
  section: ValueChange<string>;
  dateline: ValueChange<Dateline | null>;
  byline: ValueChange<Byline>;
  editor: ValueChange<string | null>;
  seoTitle: ValueChange<string | null>;
  seoDescription: ValueChange<string | null>;
  /** Names of the fields that differ, in the order above; empty when the versions match. */
  changedFields: (keyof RevisionSnapshot)[];
}

function listChange(before: string[], after: string[]): ListChange {
  const keptBefore = before.filter((item) => after.includes(item));
  const keptAfter = after.filter((item) => before.includes(item));
  return {
    added: after.filter((item) => !before.includes(item)),
    removed: before.filter((item) => !after.includes(item)),
    reordered: keptBefore.some((item, i) => keptAfter[i] !== item),
  };
}

function valueChange<T>(before: T, after: T): ValueChange<T> {
  return { before, after, changed: JSON.stringify(before) !== JSON.stringify(after) };
}

/** Compares snapshot `before` with `after`, field by field. */
export function compareSnapshots(before: RevisionSnapshot, after: RevisionSnapshot): SnapshotComparison {
  const result: Omit<SnapshotComparison, 'changedFields'> = {
    title: charDiff(before.title, after.title),
    subtitle: charDiff(before.subtitle ?? '', after.subtitle ?? ''),
    summary: charDiff(before.summary ?? '', after.summary ?? ''),
    body: charDiff(bodyToText(before.body), bodyToText(after.body)),
    tags: listChange(before.tags, after.tags),
    related: listChange(before.related, after.related),
    section: valueChange(before.section, after.section),
    dateline: valueChange(before.dateline, after.dateline),
    byline: valueChange(before.byline, after.byline),
    editor: valueChange(before.editor, after.editor),
    seoTitle: valueChange(before.seoTitle, after.seoTitle),
    seoDescription: valueChange(before.seoDescription, after.seoDescription),
  };
  const changedFields = (Object.keys(result) as (keyof typeof result)[]).filter((field) => {
    const value = result[field];
    // The text of a body can match while its blocks differ (a list made ordered).
    if (field === 'body') return JSON.stringify(before.body) !== JSON.stringify(after.body);
    if (Array.isArray(value)) return !isUnchanged(value);
    if ('changed' in value) return value.changed;
    return value.added.length > 0 || value.removed.length > 0 || value.reordered;
  });
  return { ...result, changedFields };
}
