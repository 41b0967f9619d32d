import type { Queryable } from '../../platform/db/database.js';

/** A person with a login, as stored (people's login columns). */
export interface StaffRow {
  id: number;
  display_name: string;
  role: string;
  created_at: string;
  email: string | null;
  password_hash: string | null;
  must_change_password: number;
  all_desks: number;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
}

const STAFF_COLUMNS = [
  'id',
  'display_name',
  'role',
  'created_at',
  'email',
  'password_hash',
  'must_change_password',
  'all_desks',
  'failed_logins',
  'locked_until',
  'disabled',
] as const;

export async function findStaffByEmail(db: Queryable, email: string): Promise<StaffRow | undefined> {
  return db.selectFrom('people').select(STAFF_COLUMNS).where('email', '=', email).executeTakeFirst();
}

/** The person with this id (with or without a login). */
export async function findStaffById(db: Queryable, id: number): Promise<StaffRow | undefined> {
  return db.selectFrom('people').select(STAFF_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function findStaffByName(db: Queryable, displayName: string): Promise<StaffRow | undefined> {
  return db.selectFrom('people').select(STAFF_COLUMNS).where('display_name', '=', displayName).executeTakeFirst();
}

/** Everyone with a login, by id. */
export async function selectStaff(db: Queryable): Promise<StaffRow[]> {
  return db.selectFrom('people').select(STAFF_COLUMNS).where('email', 'is not', null).orderBy('id').execute();
}

export async function countActiveAdmins(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('email', 'is not', null)
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Desk slugs held by each of `personIds` (people limited to particular desks). */
export async function selectDesks(db: Queryable, personIds: number[]): Promise<{ person_id: number; section_id: number; slug: string }[]> {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('person_desks')
    .innerJoin('sections', 'sections.id', 'person_desks.section_id')
    .select(['person_desks.person_id', 'person_desks.section_id', 'sections.slug'])
    .where('person_desks.person_id', 'in', personIds)
    .orderBy('sections.position')
    .orderBy('sections.id')
    .execute();
}

/** Gives the login columns to an existing person. */
export async function updateLogin(
  db: Queryable,
  id: number,
  login: { email: string; passwordHash: string; mustChangePassword: boolean; allDesks: boolean },
): Promise<void> {
  await db
    .updateTable('people')
    .set({
      email: login.email,
      password_hash: login.passwordHash,
      must_change_password: login.mustChangePassword ? 1 : 0,
      all_desks: login.allDesks ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
      disabled: 0,
    })
    .where('id', '=', id)
    .execute();
}

export async function updateStaffFields(db: Queryable, id: number, fields: { role?: string; allDesks?: boolean; disabled?: boolean }): Promise<void> {
  if (fields.role === undefined && fields.allDesks === undefined && fields.disabled === undefined) return;
  await db
    .updateTable('people')
    .set({
      ...(fields.role !== undefined && { role: fields.role }),
      ...(fields.allDesks !== undefined && { all_desks: fields.allDesks ? 1 : 0 }),
      ...(fields.disabled !== undefined && { disabled: fields.disabled ? 1 : 0 }),
    })
    .where('id', '=', id)
    .execute();
}

/** Replaces the desks a person holds. */
export async function replaceDesks(db: Queryable, personId: number, sectionIds: number[]): Promise<void> {
  await db.deleteFrom('person_desks').where('person_id', '=', personId).execute();
  if (sectionIds.length) {
    await db
      .insertInto('person_desks')
      .values(sectionIds.map((section_id) => ({ person_id: personId, section_id })))
      .execute();
  }
}

export async function updatePasswordHash(db: Queryable, id: number, passwordHash: string, mustChangePassword: boolean): Promise<void> {
  await db
    .updateTable('people')
    .set({ password_hash: passwordHash, must_change_password: mustChangePassword ? 1 : 0, failed_logins: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
}

/** Counts a failed login atomically (concurrent attempts cannot both read the old count); returns the new count. */
export async function incrementFailedLogins(db: Queryable, id: number): Promise<number> {
  const row = await db
    .updateTable('people')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', id)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return row.failed_logins;
}

export async function lockAccount(db: Queryable, id: number, lockedUntil: string): Promise<void> {
  await db.updateTable('people').set({ failed_logins: 0, locked_until: lockedUntil }).where('id', '=', id).execute();
}

export async function clearFailedLogins(db: Queryable, id: number): Promise<void> {
  await db.updateTable('people').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
}
