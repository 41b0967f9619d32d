import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureStaff } from '../../articles/outlet.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../../testing/databases.js';
import { setUpNewsroom } from '../../testing/fixtures.js';
import { listAudit } from '../audit/audit.service.js';
import { TEST_PASSWORD_COST } from '../auth/admin-api.testing.js';
import { createDbSessionStore } from '../auth/db-session-store.js';
import { startSession } from '../auth/sessions.service.js';
import { verifyPassword } from './passwords.js';
import { createStaff, getStaffMember, listStaffMembers, loadActor, updateStaff } from './staff.service.js';
import { findStaffById } from './staff.store.js';

const cost = { passwordCost: TEST_PASSWORD_COST };

for (const dialect of TEST_DIALECTS) {
  describe(`staff service (${dialect})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
      await setUpNewsroom(database.db);
    });
    after(() => database.drop());

    it('creates staff with a one-time password they must change, on every desk by default', async () => {
      const { member, oneTimePassword } = await createStaff(database.db, { email: ' Wang.Fang@Example.com ', name: '王芳', role: 'editor' }, cost);
      assert.equal(member.email, 'wang.fang@example.com');
      assert.equal(member.desks, null);
      assert.equal(member.mustChangePassword, true);
      assert.ok(oneTimePassword && oneTimePassword.length >= 10);
      const row = await findStaffById(database.db, member.id);
      assert.ok(row?.password_hash && (await verifyPassword(row.password_hash, oneTimePassword)));
      const [entry] = await listAudit(database.db, { limit: 1 });
      assert.equal(entry?.action, 'user.create');
      assert.equal(entry?.subjectId, String(member.id));
    });

    it('limits desks by slug or name, and names an unknown desk with the ones that exist', async () => {
      const { member, oneTimePassword } = await createStaff(
        database.db,
        { email: 'li@example.com', name: '李雷', role: 'reporter', desks: ['china', '要闻'], password: 'a long password' },
        cost,
      );
      assert.equal(oneTimePassword, null);
      assert.equal(member.mustChangePassword, false);
      assert.deepEqual(member.desks, ['top', 'china']);
      const loaded = await loadActor(database.db, member.id);
      assert.equal(loaded?.actor.allDesks, false);
      assert.equal(loaded?.actor.deskIds.length, 2);

      await assert.rejects(
        createStaff(database.db, { email: 'x@example.com', name: '某人', role: 'reporter', desks: ['sports'] }, cost),
        (error: unknown) => error instanceof ValidationError && /没有栏目「sports」；现有栏目：top（要闻）、china（中国）/.test(error.message),
      );
    });

    it('gives the login to a contributor already named in copy instead of duplicating them', async () => {
      const contributor = await ensureStaff(database.db, '赵敏', 'contributor');
      const { member } = await createStaff(database.db, { email: 'zhao@example.com', name: '赵敏', role: 'reporter' }, cost);
      assert.equal(member.id, contributor.id);
      assert.equal(member.role, 'reporter');
      await assert.rejects(
        createStaff(database.db, { email: 'other@example.com', name: '赵敏', role: 'reporter' }, cost),
        (error: unknown) => error instanceof ConflictError && error.code === 'name_taken',
      );
    });

    it('refuses a taken email (409), bad input and weak passwords (400, every field named)', async () => {
      await assert.rejects(
        createStaff(database.db, { email: 'WANG.FANG@example.com', name: '王芳二', role: 'editor' }, cost),
        (error: unknown) => error instanceof ConflictError && error.status === 409 && error.code === 'email_taken',
      );
      await assert.rejects(
        createStaff(database.db, { email: 'not-an-email', name: '', role: 'boss' as 'admin' }, cost),
        (error: unknown) =>
          error instanceof ValidationError &&
          error.details.some((d) => d.startsWith('email: 邮箱格式不正确')) &&
          error.details.some((d) => d.startsWith('name: ')) &&
          error.details.some((d) => d.startsWith('role: 角色必须是')),
      );
      await assert.rejects(
        createStaff(database.db, { email: 'weak@example.com', name: '弱密码', role: 'reporter', password: 'weak@example.com' }, cost),
        (error: unknown) => error instanceof ValidationError && error.details.includes('password: 密码不能与登录邮箱相同'),
      );
    });

    it('changes role and desks with an audit entry each, and disabling ends sessions', async () => {
      const sessions = createDbSessionStore(database.db);
      const { member } = await createStaff(database.db, { email: 'chen@example.com', name: '陈晨', role: 'reporter' }, cost);
      const { session } = await startSession(sessions, member.id);

      const changed = await updateStaff(database.db, sessions, member.id, { role: 'editor', desks: ['china'] }, { actorId: null });
      assert.equal(changed.role, 'editor');
      assert.deepEqual(changed.desks, ['china']);
      const actions = (await listAudit(database.db, { limit: 2 })).map((e) => e.action);
      assert.deepEqual(actions, ['user.desks_change', 'user.role_change']);
      const [roleChange] = (await listAudit(database.db, { limit: 2 })).slice(1);
      assert.deepEqual(roleChange?.details, { from: 'reporter', to: 'editor' });

      // The same desks again change nothing and record nothing.
      const before = (await listAudit(database.db, { limit: 1 }))[0]?.id;
      await updateStaff(database.db, sessions, member.id, { desks: ['china'] });
      assert.equal((await listAudit(database.db, { limit: 1 }))[0]?.id, before);

      assert.deepEqual((await updateStaff(database.db, sessions, member.id, { desks: null })).desks, null);
      assert.ok(await sessions.find(session.id));
      const disabled = await updateStaff(database.db, sessions, member.id, { disabled: true });
      assert.equal(disabled.disabled, true);
      assert.equal(await sessions.find(session.id), undefined);
      assert.equal(await loadActor(database.db, member.id), null);
      assert.equal((await listAudit(database.db, { limit: 1 }))[0]?.action, 'user.disable');
    });

    it('keeps at least one active admin', async () => {
      const sessions = createDbSessionStore(database.db);
      const { member } = await createStaff(database.db, { email: 'root@example.com', name: '总管', role: 'admin' }, cost);
      await assert.rejects(updateStaff(database.db, sessions, member.id, { role: 'editor' }), (e: unknown) => e instanceof ConflictError && e.code === 'last_admin');
      await assert.rejects(updateStaff(database.db, sessions, member.id, { disabled: true }), (e: unknown) => e instanceof ConflictError);
      await createStaff(database.db, { email: 'root2@example.com', name: '副总管', role: 'admin' }, cost);
      assert.equal((await updateStaff(database.db, sessions, member.id, { role: 'editor' })).role, 'editor');
    });

    it('lists only people with a login and 404s for anyone else', async () => {
      const contributor = await ensureStaff(database.db, '只署名的人', 'contributor');
      const staff = await listStaffMembers(database.db);
      assert.ok(staff.length >= 5);
      assert.ok(!staff.some((s) => s.id === contributor.id));
      await assert.rejects(getStaffMember(database.db, contributor.id), NotFoundError);
      await assert.rejects(
        updateStaff(database.db, createDbSessionStore(database.db), 1, { role: 'chief' as 'admin' }),
        (e: unknown) => e instanceof ValidationError && e.details[0]?.startsWith('role:') === true,
      );
    });
  });
}
