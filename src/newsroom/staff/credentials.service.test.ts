import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../../platform/errors.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../../testing/databases.js';
import { listAudit } from '../audit/audit.service.js';
import { TEST_PASSWORD, TEST_PASSWORD_COST, addTestStaff } from '../auth/admin-api.testing.js';
import { createDbSessionStore } from '../auth/db-session-store.js';
import { startSession } from '../auth/sessions.service.js';
import { authenticateStaff, changeOwnPassword, INVALID_CREDENTIALS_MESSAGE, resetPassword } from './credentials.service.js';
import { updateStaff } from './staff.service.js';

const MINUTE = 60_000;
const cost = { passwordCost: TEST_PASSWORD_COST };

for (const dialect of TEST_DIALECTS) {
  describe(`credentials (${dialect})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(() => database.drop());

    it('accepts the right password whatever the email case, and fails alike for unknown email and wrong password', async () => {
      const { id } = await addTestStaff(database.db, { email: 'ok@example.com', name: '正常', role: 'reporter' });
      assert.equal(await authenticateStaff(database.db, { email: ' OK@example.com', password: TEST_PASSWORD }), id);
      const messages: string[] = [];
      for (const email of ['ok@example.com', 'nobody@example.com']) {
        await assert.rejects(authenticateStaff(database.db, { email, password: 'wrong password!' }), (error: unknown) => {
          assert.ok(error instanceof UnauthorizedError);
          messages.push(error.publicMessage);
          return true;
        });
      }
      assert.deepEqual(messages, [INVALID_CREDENTIALS_MESSAGE, INVALID_CREDENTIALS_MESSAGE]);
    });

    it('locks the account after 5 failures with the minutes left, and lets it in once the lock passes', async () => {
      const { id } = await addTestStaff(database.db, { email: 'lock@example.com', name: '被锁', role: 'reporter' });
      const t0 = new Date('2025-03-18T01:00:00Z');
      const attempt = (password: string, now: Date) => authenticateStaff(database.db, { email: 'lock@example.com', password }, { now });
      for (let i = 0; i < 4; i++) await assert.rejects(attempt('wrong password!', t0), UnauthorizedError);
      await assert.rejects(attempt('wrong password!', t0), (error: unknown) => {
        assert.ok(error instanceof TooManyRequestsError);
        assert.equal(error.status, 429);
        assert.equal(error.publicMessage, '登录失败次数过多，请于 15 分钟后再试。');
        assert.equal(error.retryAfterSeconds, 900);
        return true;
      });
      // Even the right password is refused while locked, with the time left.
      await assert.rejects(attempt(TEST_PASSWORD, new Date(t0.getTime() + 10.5 * MINUTE)), /请于 5 分钟后再试/);
      const [lockout] = await listAudit(database.db, { limit: 1 });
      assert.equal(lockout?.action, 'user.lockout');
      assert.equal(lockout?.subjectId, String(id));

      assert.equal(await attempt(TEST_PASSWORD, new Date(t0.getTime() + 15 * MINUTE + 1)), id);
      // The count started again: four more failures do not lock.
      for (let i = 0; i < 4; i++) await assert.rejects(attempt('wrong password!', new Date(t0.getTime() + 16 * MINUTE)), UnauthorizedError);
      assert.equal(await attempt(TEST_PASSWORD, new Date(t0.getTime() + 16 * MINUTE)), id);
    });

    it('refuses a disabled account only once the password is right', async () => {
      const { id } = await addTestStaff(database.db, { email: 'off@example.com', name: '停用', role: 'reporter' });
      await addTestStaff(database.db, { email: 'boss@example.com', name: '管理', role: 'admin' });
      await updateStaff(database.db, createDbSessionStore(database.db), id, { disabled: true });
      await assert.rejects(authenticateStaff(database.db, { email: 'off@example.com', password: 'wrong password!' }), UnauthorizedError);
      await assert.rejects(
        authenticateStaff(database.db, { email: 'off@example.com', password: TEST_PASSWORD }),
        (e: unknown) => e instanceof ForbiddenError && e.code === 'account_disabled',
      );
    });

    it('changes the own password: checks the current one and the policy, ends the other sessions', async () => {
      const sessions = createDbSessionStore(database.db);
      const { id } = await addTestStaff(database.db, { email: 'pw@example.com', name: '改密码', role: 'editor', mustChange: true });
      const here = await startSession(sessions, id);
      const there = await startSession(sessions, id);
      await assert.rejects(
        changeOwnPassword(database.db, sessions, { personId: id, currentPassword: 'not the password', newPassword: 'a new long password' }, cost),
        (e: unknown) => e instanceof ValidationError && e.details[0] === 'currentPassword: 当前密码不正确',
      );
      const reset = await resetPassword(database.db, sessions, 'PW@example.com', cost);
      assert.equal(reset.member.mustChangePassword, true);
      await assert.rejects(
        changeOwnPassword(database.db, sessions, { personId: id, currentPassword: reset.oneTimePassword, newPassword: 'short' }, cost),
        (e: unknown) => e instanceof ValidationError && e.details[0] === 'newPassword: 密码至少需要 10 个字符（现为 5 个）',
      );

      const mine = await startSession(sessions, id);
      const other = await startSession(sessions, id);
      const user = await changeOwnPassword(
        database.db,
        sessions,
        { personId: id, currentPassword: reset.oneTimePassword, newPassword: 'a new long password', keepSessionId: mine.session.id },
        cost,
      );
      assert.equal(user.mustChangePassword, false);
      assert.ok(await sessions.find(mine.session.id));
      assert.equal(await sessions.find(other.session.id), undefined);
      // The reset had already ended the sessions from before it.
      assert.equal(await sessions.find(here.session.id), undefined);
      assert.equal(await sessions.find(there.session.id), undefined);
      assert.equal(await authenticateStaff(database.db, { email: 'pw@example.com', password: 'a new long password' }), id);
      const actions = (await listAudit(database.db, { limit: 2 })).map((e) => e.action);
      assert.deepEqual(actions, ['user.password_change', 'user.password_reset']);
    });
  });
}
