import type { Queryable } from '../../platform/db/database.js';
import { insertAuditRow, selectAuditRows } from './audit.store.js';

/**
 * What happened, as `subject.verb`: `user.create`, `user.role_change`, `user.desks_change`,
 * `user.disable`, `user.enable`, `user.lockout`, `user.password_change`, `user.password_reset`,
 * `token.create`, `token.revoke`, `session.logout_everywhere`; article events use `article.*`.
 */
export type AuditAction = `${string}.${string}`;

/** One audit entry to record. */
export interface AuditEvent {
  /** Who did it; null for the system or the command line. */
  actorId: number | null;
  action: AuditAction;
  /** What it was done to: `person`, `api_token`, `article`, … */
  subjectType: string;
  subjectId: string | number | null;
  /** Anything worth keeping (before/after values, names); never secrets. */
  details?: Record<string, unknown>;
}

/** An audit entry as read back. */
export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown>;
}

/**
 * Appends an entry to the audit log. Pass the transaction of the change it records, so
 * that the entry and the change are kept or lost together.
 * @example await recordAudit(tx, { actorId: actor.id, action: 'article.publish', subjectType: 'article', subjectId: 42 })
 */
export async function recordAudit(db: Queryable, event: AuditEvent, options: { now?: Date } = {}): Promise<number> {
  return insertAuditRow(db, {
    at: (options.now ?? new Date()).toISOString(),
    actor_id: event.actorId,
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId === null ? null : String(event.subjectId),
    details: JSON.stringify(event.details ?? {}),
  });
}

/** The newest entries first; `before` (an entry id) pages back. Defaults: limit 50, at most 200. */
export async function listAudit(db: Queryable, options: { limit?: number; before?: number | null } = {}): Promise<AuditEntry[]> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 200);
  const rows = await selectAuditRows(db, { limit, before: options.before ?? null });
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}
