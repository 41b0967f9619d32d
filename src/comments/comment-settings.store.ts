import type { Selectable } from 'kysely';
import type { Queryable } from '../platform/db/database.js';
import type { CommentSettingsTable } from '../platform/db/schema.js';
import type { SettingsOverrides, SettingsScope } from './model.js';

type Row = Selectable<CommentSettingsTable>;

const flag = (v: number | null) => (v === null ? null : v === 1);
const bit = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

function toOverrides(row: Row | undefined): SettingsOverrides {
  return {
    mode: row?.mode === 'pre' || row?.mode === 'post' ? row.mode : null,
    newCommenterApprovals: row?.new_commenter_approvals ?? null,
    holdLinks: flag(row?.hold_links ?? null),
    guestsAllowed: flag(row?.guests_allowed ?? null),
    closeAfterDays: row?.close_after_days ?? null,
    closed: flag(row?.closed ?? null),
  };
}

/** The overrides of the outlet, a section and an article, in one query (missing rows are all-null). */
export async function selectSettingsChain(
  db: Queryable,
  sectionId: number | null,
  articleId: number | null,
): Promise<{ outlet: SettingsOverrides; section: SettingsOverrides; article: SettingsOverrides }> {
  const rows = await db
    .selectFrom('comment_settings')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'outlet'), eb('scope_id', '=', 0)]),
        eb.and([eb('scope', '=', 'section'), eb('scope_id', '=', sectionId ?? -1)]),
        eb.and([eb('scope', '=', 'article'), eb('scope_id', '=', articleId ?? -1)]),
      ]),
    )
    .execute();
  const find = (scope: SettingsScope) => rows.find((r) => r.scope === scope);
  return { outlet: toOverrides(find('outlet')), section: toOverrides(find('section')), article: toOverrides(find('article')) };
}

/** Writes one scope's overrides whole (insert or replace). */
export async function upsertSettings(
  db: Queryable,
  scope: SettingsScope,
  scopeId: number,
  values: SettingsOverrides,
  by: number | null,
  at: string,
): Promise<void> {
  const columns = {
    mode: values.mode,
    new_commenter_approvals: values.newCommenterApprovals,
    hold_links: bit(values.holdLinks),
    guests_allowed: bit(values.guestsAllowed),
    close_after_days: values.closeAfterDays,
    closed: bit(values.closed),
    updated_at: at,
    updated_by: by,
  };
  await db
    .insertInto('comment_settings')
    .values({ scope, scope_id: scopeId, ...columns })
    .onConflict((oc) => oc.columns(['scope', 'scope_id']).doUpdateSet(columns))
    .execute();
}
