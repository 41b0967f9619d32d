import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../../testing/databases.js';
import { listAudit } from '../audit/audit.service.js';
import { loadActor, updateStaff } from '../staff/staff.service.js';
import { addTestStaff } from './admin-api.testing.js';
import { createDbSessionStore } from './db-session-store.js';
import { hashSecret } from './secrets.js';
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from './tokens.service.js';

for (const dialect of TEST_DIALECTS) {
  describe(`API tokens (${dialect})`, () => {
    let database: TestDatabase;
    let reporter: number;
    let admin: number;
    before(async () => {
      database = await createTestDatabase(dialect);
      reporter = (await addTestStaff(database.db, { email: 'r@example.com', name: '记者', role: 'reporter' })).id;
      admin = (await addTestStaff(database.db, { email: 'a@example.com', name: '管理员', role: 'admin' })).id;
    });
    after(() => database.drop());

    it('creates xw_ tokens stored as sha256, with default scopes, shown once and audited', async () => {
      const { token, info } = await createApiToken(database.db, { id: reporter, role: 'reporter' }, { name: '  稿件同步  ' });
      assert.match(token, /^xw_[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(info.scopes, ['articles:read', 'articles:write']);
      assert.equal(info.name, '稿件同步');
      const row = await database.db.selectFrom('api_tokens').selectAll().where('id', '=', info.id).executeTakeFirstOrThrow();
      assert.equal(row.token_hash, hashSecret(token));
      assert.ok(!JSON.stringify(await listApiTokens(database.db, { personId: null })).includes(token));
      assert.ok(!JSON.stringify(await listApiTokens(database.db, { personId: null })).includes(row.token_hash));
      const [entry] = await listAudit(database.db, { limit: 1 });
      assert.equal(entry?.action, 'token.create');
      assert.deepEqual(entry?.details, { name: '稿件同步', scopes: ['articles:read', 'articles:write'], ownerId: reporter });
    });

    it('refuses scopes beyond the owner role and unknown scopes', async () => {
      await assert.rejects(
        createApiToken(database.db, { id: reporter, role: 'reporter' }, { name: 'x', scopes: ['admin'] }),
        (e: unknown) => e instanceof ValidationError && /scopes: 角色 reporter 不能持有 admin/.test(e.details[0] ?? ''),
      );
      await assert.rejects(
        createApiToken(database.db, { id: admin, role: 'admin' }, { name: 'x', scopes: ['everything' as 'admin'] }),
        ValidationError,
      );
    });

    it('authenticates, narrows scopes to the role now held, and writes last_used_at at most once a minute', async () => {
      const { token, info } = await createApiToken(database.db, { id: admin, role: 'admin' }, { name: '全能', scopes: ['admin', 'articles:publish'] });
      const t0 = new Date('2025-03-18T00:00:00Z');
      const auth = await authenticateApiToken(database.db, token, { now: t0 });
      assert.equal(auth?.actor.id, admin);
      assert.deepEqual(auth?.scopes, ['admin', 'articles:publish']);
      await authenticateApiToken(database.db, token, { now: new Date(t0.getTime() + 30_000) });
      assert.equal((await listApiTokens(database.db, { personId: admin }))[0]?.lastUsedAt, t0.toISOString());
      await authenticateApiToken(database.db, token, { now: new Date(t0.getTime() + 61_000) });
      assert.equal((await listApiTokens(database.db, { personId: admin }))[0]?.lastUsedAt, new Date(t0.getTime() + 61_000).toISOString());

      // Two admins, so one can be made an editor: the token keeps only what an editor may do.
      await addTestStaff(database.db, { email: 'a2@example.com', name: '管理员二', role: 'admin' });
      await updateStaff(database.db, createDbSessionStore(database.db), admin, { role: 'editor' });
      assert.deepEqual((await authenticateApiToken(database.db, token))?.scopes, ['articles:publish']);
      await updateStaff(database.db, createDbSessionStore(database.db), admin, { role: 'admin' });
      assert.equal(info.owner.name, '管理员');
      assert.equal(await authenticateApiToken(database.db, 'xw_nope'), null);
      assert.equal(await authenticateApiToken(database.db, token.slice(3)), null, 'the prefix is required');
    });

    it('revokes (owner or admin), after which the token fails; a disabled owner fails too', async () => {
      const reporterActor = (await loadActor(database.db, reporter))?.actor ?? null;
      const adminActor = (await loadActor(database.db, admin))?.actor ?? null;
      const mine = await createApiToken(database.db, { id: reporter, role: 'reporter' }, { name: '我的' });
      const theirs = await createApiToken(database.db, { id: admin, role: 'admin' }, { name: '管理员的' });
      await assert.rejects(revokeApiToken(database.db, reporterActor, theirs.info.id), ForbiddenError);
      await assert.rejects(revokeApiToken(database.db, reporterActor, 999_999), NotFoundError);
      const revoked = await revokeApiToken(database.db, reporterActor, mine.info.id);
      assert.ok(revoked.revokedAt);
      assert.equal(await authenticateApiToken(database.db, mine.token), null);
      assert.equal((await revokeApiToken(database.db, adminActor, mine.info.id)).revokedAt, revoked.revokedAt, 'revoking twice changes nothing');
      assert.equal((await listAudit(database.db, { limit: 1 }))[0]?.action, 'token.revoke');

      const other = await createApiToken(database.db, { id: reporter, role: 'reporter' }, { name: '另一个' });
      assert.ok(await authenticateApiToken(database.db, other.token));
      await updateStaff(database.db, createDbSessionStore(database.db), reporter, { disabled: true });
      assert.equal(await authenticateApiToken(database.db, other.token), null);
    });
  });
}
