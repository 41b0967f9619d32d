import { z } from 'zod';
import { allSections, ensureStaff } from '../../articles/outlet.service.js';
import type { Db } from '../../platform/db/database.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { SessionStore } from '../auth/session-store.js';
import { parseInput } from '../../platform/validation.js';
import type { Queryable } from '../../platform/db/database.js';
import { STAFF_ROLES, type Actor, type StaffRole } from './actor.js';
import { generateOneTimePassword, hashPassword, passwordProblems, type PasswordCost } from './passwords.js';
import {
  countActiveAdmins,
  findStaffByEmail,
  findStaffById,
  findStaffByName,
  replaceDesks,
  selectDesks,
  selectStaff,
  updateLogin,
  updateStaffFields,
  type StaffRow,
} from './staff.store.js';

/** A staff member as the admin API and the CLI show them (never the password hash). */
export interface StaffMember {
  id: number;
  name: string;
  email: string;
  role: StaffRole;
  /** Desk (section) slugs; null when the person works on every desk. */
  desks: string[] | null;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

/** Options every staff change takes: who makes it (null: the command line) and the clock. */
export interface ChangeOptions {
  actorId?: number | null;
  now?: Date;
}

const ROLE_MESSAGE = `角色必须是 ${STAFF_ROLES.join('、')} 之一`;

/** A login email: trimmed and lower-cased, so that Wang@… and wang@… are one account. */
export const EmailSchema = z
  .string({ error: '请填写登录邮箱' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: '邮箱格式不正确' }).max(254, { error: '邮箱太长' }));

const DesksSchema = z
  .array(z.string().trim().min(1), { error: '栏目应为栏目代码的列表' })
  .min(1, { error: '至少指定一个栏目；不限栏目请省略或传 null' })
  .max(100)
  .nullable();

/** Input for a new staff member; `desks` omitted or null means every desk. */
export const NewStaffSchema = z.object({
  email: EmailSchema,
  name: z.string({ error: '请填写姓名' }).trim().min(1, { error: '请填写姓名' }).max(50, { error: '姓名不能超过 50 个字符' }),
  role: z.enum(STAFF_ROLES, { error: ROLE_MESSAGE }),
  desks: DesksSchema.optional(),
  password: z.string().optional(),
});
export type NewStaff = z.input<typeof NewStaffSchema>;

/** A change to a staff member; `desks: null` lifts the desk limit. */
export const StaffChangesSchema = z
  .object({
    role: z.enum(STAFF_ROLES, { error: ROLE_MESSAGE }),
    desks: DesksSchema,
    disabled: z.boolean({ error: 'disabled 应为 true 或 false' }),
  })
  .partial()
  .strict();
export type StaffChanges = z.input<typeof StaffChangesSchema>;

function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

async function toMembers(db: Queryable, rows: StaffRow[]): Promise<StaffMember[]> {
  const desks = await selectDesks(
    db,
    rows.filter((r) => !r.all_desks).map((r) => r.id),
  );
  return rows.flatMap((r) =>
    r.email === null || !isStaffRole(r.role)
      ? []
      : [
          {
            id: r.id,
            name: r.display_name,
            email: r.email,
            role: r.role,
            desks: r.all_desks ? null : desks.filter((d) => d.person_id === r.id).map((d) => d.slug),
            disabled: r.disabled === 1,
            mustChangePassword: r.must_change_password === 1,
            createdAt: r.created_at,
          },
        ],
  );
}

/** Resolves desk slugs (or display names such as 国际) to sections; unknown ones are named in the error. */
async function resolveDesks(db: Queryable, desks: string[]): Promise<{ id: number; slug: string }[]> {
  const sections = await allSections(db);
  const found = new Map<number, { id: number; slug: string }>();
  const unknown: string[] = [];
  for (const desk of desks) {
    const section = sections.find((s) => s.slug === desk || s.name === desk);
    if (section) found.set(section.id, { id: section.id, slug: section.slug });
    else unknown.push(desk);
  }
  if (unknown.length) {
    const known = sections.map((s) => `${s.slug}（${s.name}）`).join('、') || '（尚无栏目）';
    throw new ValidationError(
      '栏目不存在',
      unknown.map((d) => `desks: 没有栏目「${d}」；现有栏目：${known}`),
    );
  }
  return [...found.values()];
}

/** Desk lists compare equal regardless of order; null (every desk) only equals null. */
function sameDesks(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** The staff member with this id, or a NotFoundError (people without a login are not staff). */
export async function getStaffMember(db: Queryable, id: number): Promise<StaffMember> {
  const row = await findStaffById(db, id);
  const [member] = row ? await toMembers(db, [row]) : [];
  if (!member) throw new NotFoundError('没有这位员工。', `no staff member with id ${id}`);
  return member;
}

/** The staff member who logs in with `email`, or a NotFoundError. */
export async function getStaffMemberByEmail(db: Queryable, email: string): Promise<StaffMember> {
  const row = await findStaffByEmail(db, parseInput(EmailSchema, email, '邮箱格式不正确'));
  const [member] = row ? await toMembers(db, [row]) : [];
  if (!member) throw new NotFoundError(`没有使用邮箱 ${email} 的员工。`);
  return member;
}

/** Everyone with a login, oldest first. */
export async function listStaffMembers(db: Queryable): Promise<StaffMember[]> {
  return toMembers(db, await selectStaff(db));
}

/**
 * The Actor for a person, for permission checks, plus whether they must change their
 * password first; null when they have no login, are disabled, or hold no staff role.
 */
export async function loadActor(db: Queryable, personId: number): Promise<{ actor: Actor; mustChangePassword: boolean } | null> {
  const row = await findStaffById(db, personId);
  if (!row || row.email === null || row.disabled || !isStaffRole(row.role)) return null;
  const deskIds = row.all_desks ? [] : (await selectDesks(db, [row.id])).map((d) => d.section_id);
  return {
    actor: { id: row.id, displayName: row.display_name, role: row.role, allDesks: row.all_desks === 1, deskIds },
    mustChangePassword: row.must_change_password === 1,
  };
}

/**
 * Gives someone a login. Without a password, a one-time password is generated, returned
 * (shown once) and must be changed at first login. A person already named in copy with this
 * display name (a contributor) gets the login rather than a duplicate (`existingPerson`).
 * Throws ValidationError (bad input, unknown desk, weak password) or ConflictError (email or name taken).
 */
export async function createStaff(
  db: Db,
  input: NewStaff,
  options: ChangeOptions & { passwordCost?: PasswordCost } = {},
): Promise<{ member: StaffMember; oneTimePassword: string | null; existingPerson: boolean }> {
  const valid = parseInput(NewStaffSchema, input, '员工信息有误');
  const now = options.now ?? new Date();
  if (valid.password !== undefined) {
    const problems = passwordProblems(valid.password, valid);
    if (problems.length) throw new ValidationError('密码不符合要求', problems.map((p) => `password: ${p}`));
  }
  const desks = valid.desks ? await resolveDesks(db, valid.desks) : null;
  if (await findStaffByEmail(db, valid.email)) throw new ConflictError(`邮箱 ${valid.email} 已被其他员工使用。`, 'email_taken');
  const sameName = await findStaffByName(db, valid.name);
  if (sameName?.email) throw new ConflictError(`已有名为「${valid.name}」的员工账号。`, 'name_taken');

  const oneTimePassword = valid.password === undefined ? generateOneTimePassword() : null;
  const passwordHash = await hashPassword(valid.password ?? (oneTimePassword as string), options.passwordCost);

  const id = await db.transaction().execute(async (tx) => {
    const person = await ensureStaff(tx, valid.name, valid.role, now);
    await updateLogin(tx, person.id, {
      email: valid.email,
      passwordHash,
      mustChangePassword: oneTimePassword !== null,
      allDesks: desks === null,
    });
    await replaceDesks(tx, person.id, desks?.map((d) => d.id) ?? []);
    await recordAudit(
      tx,
      {
        actorId: options.actorId ?? null,
        action: 'user.create',
        subjectType: 'person',
        subjectId: person.id,
        details: { email: valid.email, name: valid.name, role: valid.role, desks: desks?.map((d) => d.slug) ?? null, existingPerson: sameName !== undefined },
      },
      { now },
    );
    return person.id;
  });
  return { member: await getStaffMember(db, id), oneTimePassword, existingPerson: sameName !== undefined };
}

/**
 * Changes a staff member's role, desks or disabled flag, each change audited. Disabling ends
 * their sessions. The last active admin cannot be demoted or disabled.
 */
export async function updateStaff(
  db: Db,
  sessions: SessionStore,
  id: number,
  changes: StaffChanges,
  options: ChangeOptions = {},
): Promise<StaffMember> {
  const valid = parseInput(StaffChangesSchema, changes, '员工信息有误');
  const now = options.now ?? new Date();
  const before = await getStaffMember(db, id);
  const desks = valid.desks ? await resolveDesks(db, valid.desks) : null;
  const deskSlugs = desks?.map((d) => d.slug) ?? null;
  const losesAdmin = before.role === 'admin' && !before.disabled && ((valid.role !== undefined && valid.role !== 'admin') || valid.disabled === true);
  if (losesAdmin && (await countActiveAdmins(db)) <= 1) {
    throw new ConflictError('至少需要保留一位可用的管理员。', 'last_admin');
  }

  await db.transaction().execute(async (tx) => {
    const audit = (action: `user.${string}`, details: Record<string, unknown>) =>
      recordAudit(tx, { actorId: options.actorId ?? null, action, subjectType: 'person', subjectId: id, details }, { now });
    if (valid.role !== undefined && valid.role !== before.role) {
      await updateStaffFields(tx, id, { role: valid.role });
      await audit('user.role_change', { from: before.role, to: valid.role });
    }
    if (valid.desks !== undefined && !sameDesks(before.desks, deskSlugs)) {
      await updateStaffFields(tx, id, { allDesks: desks === null });
      await replaceDesks(tx, id, desks?.map((d) => d.id) ?? []);
      await audit('user.desks_change', { from: before.desks, to: deskSlugs });
    }
    if (valid.disabled !== undefined && valid.disabled !== before.disabled) {
      await updateStaffFields(tx, id, { disabled: valid.disabled });
      await audit(valid.disabled ? 'user.disable' : 'user.enable', {});
    }
  });
  if (valid.disabled) await sessions.destroyAllForPerson(id);
  return getStaffMember(db, id);
}
