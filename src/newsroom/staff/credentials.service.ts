import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { SessionStore } from '../auth/session-store.js';
import { parseInput } from '../../platform/validation.js';
import { generateOneTimePassword, hashPassword, passwordProblems, verifyDummyPassword, verifyPassword, type PasswordCost } from './passwords.js';
import { getStaffMember, getStaffMemberByEmail, type ChangeOptions, type StaffMember } from './staff.service.js';
import { clearFailedLogins, findStaffByEmail, findStaffById, incrementFailedLogins, lockAccount, updatePasswordHash } from './staff.store.js';

/** Account lockout: this many failed logins in a row lock the account for `lockMinutes`. */
export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

/** 5 failures in a row lock an account for 15 minutes. */
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

/** One message for an unknown email and a wrong password, so neither reveals which accounts exist. */
export const INVALID_CREDENTIALS_MESSAGE = '邮箱或密码不正确。';

const MINUTE = 60_000;

/** 429 with the minutes left, as the login form shows it. */
export function lockedError(lockedUntil: Date, now: Date): TooManyRequestsError {
  const seconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  return new TooManyRequestsError(`登录失败次数过多，请于 ${Math.ceil(seconds / 60)} 分钟后再试。`, seconds, 'locked');
}

/** What a login form sends; the password is not trimmed (spaces may be part of it). */
export const CredentialsSchema = z.object({
  email: z.string({ error: '请填写登录邮箱' }).trim().toLowerCase().min(1, { error: '请填写登录邮箱' }).max(254),
  password: z.string({ error: '请填写密码' }).min(1, { error: '请填写密码' }).max(1_000),
});

/**
 * Checks an email and password and returns the person's id. Unknown email and wrong password
 * fail alike (401, same message, a dummy hash verified so they take as long); after
 * `lockout.maxFailures` failures in a row the account is locked (429 with the minutes left,
 * audited as `user.lockout`); a disabled account with the right password gets 403.
 */
export async function authenticateStaff(
  db: Db,
  credentials: { email: string; password: string },
  options: { now?: Date; lockout?: LockoutPolicy } = {},
): Promise<number> {
  const { email, password } = parseInput(CredentialsSchema, credentials, '请填写邮箱和密码');
  const now = options.now ?? new Date();
  const lockout = options.lockout ?? DEFAULT_LOCKOUT;
  const row = await findStaffByEmail(db, email);
  if (!row || row.password_hash === null) {
    await verifyDummyPassword(password);
    throw new UnauthorizedError(INVALID_CREDENTIALS_MESSAGE, 'invalid_credentials');
  }
  if (row.locked_until !== null && Date.parse(row.locked_until) > now.getTime()) {
    await verifyDummyPassword(password);
    throw lockedError(new Date(row.locked_until), now);
  }
  if (!(await verifyPassword(row.password_hash, password))) {
    const failures = await incrementFailedLogins(db, row.id);
    if (failures >= lockout.maxFailures) {
      const until = new Date(now.getTime() + lockout.lockMinutes * MINUTE);
      await db.transaction().execute(async (tx) => {
        await lockAccount(tx, row.id, until.toISOString());
        await recordAudit(
          tx,
          { actorId: null, action: 'user.lockout', subjectType: 'person', subjectId: row.id, details: { failures, lockedUntil: until.toISOString() } },
          { now },
        );
      });
      throw lockedError(until, now);
    }
    throw new UnauthorizedError(INVALID_CREDENTIALS_MESSAGE, 'invalid_credentials');
  }
  if (row.disabled) throw new ForbiddenError('此账号已停用，请联系管理员。', 'account_disabled');
  if (row.failed_logins > 0 || row.locked_until !== null) await clearFailedLogins(db, row.id);
  return row.id;
}

/** What `PUT /api/admin/me/password` sends. */
export const PasswordChangeSchema = z.object({
  currentPassword: z.string({ error: '请填写当前密码' }).min(1, { error: '请填写当前密码' }).max(1_000),
  newPassword: z.string({ error: '请填写新密码' }),
});

/**
 * A staff member changes their own password: the current one must match, the new one must
 * pass the policy. Clears `must_change_password`, ends every other session of theirs
 * (`keepSessionId` survives), and is audited.
 */
export async function changeOwnPassword(
  db: Db,
  sessions: SessionStore,
  change: { personId: number; currentPassword: string; newPassword: string; keepSessionId?: string },
  options: { now?: Date; passwordCost?: PasswordCost } = {},
): Promise<StaffMember> {
  const { currentPassword, newPassword } = parseInput(PasswordChangeSchema, change, '密码修改有误');
  const row = await findStaffById(db, change.personId);
  if (!row || row.password_hash === null) throw new NotFoundError('没有这位员工。');
  if (!(await verifyPassword(row.password_hash, currentPassword))) {
    throw new ValidationError('当前密码不正确', ['currentPassword: 当前密码不正确']);
  }
  const problems = passwordProblems(newPassword, { email: row.email ?? '', name: row.display_name });
  if (newPassword === currentPassword) problems.push('新密码不能与当前密码相同');
  if (problems.length) throw new ValidationError('新密码不符合要求', problems.map((p) => `newPassword: ${p}`));

  const passwordHash = await hashPassword(newPassword, options.passwordCost);
  await db.transaction().execute(async (tx) => {
    await updatePasswordHash(tx, row.id, passwordHash, false);
    await recordAudit(tx, { actorId: row.id, action: 'user.password_change', subjectType: 'person', subjectId: row.id }, { now: options.now });
  });
  await sessions.destroyAllForPerson(row.id, change.keepSessionId === undefined ? {} : { except: change.keepSessionId });
  return getStaffMember(db, row.id);
}

/**
 * Resets a staff member's password to a new one-time password (returned, shown once), which
 * they must change at their next login; ends all their sessions and unlocks the account.
 */
export async function resetPassword(
  db: Db,
  sessions: SessionStore,
  email: string,
  options: ChangeOptions & { passwordCost?: PasswordCost } = {},
): Promise<{ member: StaffMember; oneTimePassword: string }> {
  const member = await getStaffMemberByEmail(db, email);
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword, options.passwordCost);
  await db.transaction().execute(async (tx) => {
    await updatePasswordHash(tx, member.id, passwordHash, true);
    await recordAudit(
      tx,
      { actorId: options.actorId ?? null, action: 'user.password_reset', subjectType: 'person', subjectId: member.id },
      { now: options.now },
    );
  });
  await sessions.destroyAllForPerson(member.id);
  return { member: await getStaffMember(db, member.id), oneTimePassword };
}
