import type { Queryable } from '../../platform/db/database.js';

/** An audit_log row with the actor's display name. */
export interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: string;
}

export async function insertAuditRow(
  db: Queryable,
  row: { at: string; actor_id: number | null; action: string; subject_type: string; subject_id: string | null; details: string },
): Promise<number> {
  const { id } = await db.insertInto('audit_log').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Newest first; `before` is an id cursor (rows with a smaller id). */
export async function selectAuditRows(db: Queryable, options: { limit: number; before: number | null }): Promise<AuditRow[]> {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('people', 'people.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_id',
      'people.display_name as actor_name',
      'audit_log.action',
      'audit_log.subject_type',
      'audit_log.subject_id',
      'audit_log.details',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(options.limit);
  if (options.before !== null) query = query.where('audit_log.id', '<', options.before);
  return query.execute();
}
