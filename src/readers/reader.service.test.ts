import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_PASSWORD_COST } from '../newsroom/auth/admin-api.testing.js';
import { resolveSession, startSession } from '../newsroom/auth/sessions.service.js';
import { UnauthorizedError, ValidationError } from '../platform/errors.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { READER_SESSION_POLICY } from './reader-auth.js';
import { createReaderSessionStore } from './reader-session-store.js';
import {
  authenticateReader,
  DEAD_LINK_MESSAGE,
  getReader,
  LINK_TTL_MS,
  newVerificationToken,
  registerReader,
  renameReader,
  resetLinkIsLive,
  resetReaderPassword,
  startPasswordReset,
  verifyReaderEmail,
} from './reader.service.js';

const cheap = { passwordCost: TEST_PASSWORD_COST };

function details(error: unknown): string[] {
  assert.ok(error instanceof ValidationError, String(error));
  return error.details;
}

for (const dialect of TEST_DIALECTS) {
  describe(`reader accounts (${dialect})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
      await setUpNewsroom(database.db);
    });
    after(() => database.drop());

    it('stores the email trimmed and lower-cased, so a second registration in other case is the same account', async () => {
      const { db } = database;
      const first = await registerReader(db, { email: '  Wang.Fang@Example.COM', displayName: '王芳', password: 'first password' }, cheap);
      assert.equal(first.kind, 'created');
      assert.equal(first.reader.email, 'wang.fang@example.com');
      assert.equal(first.reader.verified, false);
      const second = await registerReader(db, { email: 'WANG.FANG@example.com', displayName: '另一个人', password: 'other password' }, cheap);
      assert.equal(second.kind, 'exists');
      assert.equal(second.reader.id, first.reader.id);
      assert.equal(second.reader.displayName, '王芳', 'nothing about the account changed');
      const row = await db.selectFrom('readers').select('password_hash').where('id', '=', first.reader.id).executeTakeFirstOrThrow();
      assert.match(row.password_hash, /^\$argon2id\$/);
    });

    it('tidies display names (full-width, invisible characters, spaces) and refuses bad ones in Chinese', async () => {
      const { db } = database;
      const ok = await registerReader(db, { email: 'tidy@example.com', displayName: ' Ｌｉ\u200B  Ming ', password: 'long enough' }, cheap);
      assert.equal(ok.reader.displayName, 'Li Ming');

      const cases: [string, string][] = [
        ['甲', 'displayName: 昵称至少需要 2 个字'],
        ['长'.repeat(25), 'displayName: 昵称不能超过 24 个字'],
        ['访问 https://x.example', 'displayName: 昵称不能包含网址或邮箱'],
        ['来玩 abc点com', 'displayName: 昵称不能包含网址或邮箱'],
        ['bet365.vip 客服', 'displayName: 昵称不能包含网址或邮箱'],
        ['名字\u202Egnp', 'displayName: 昵称含有不可见或无法显示的字符'],
      ];
      for (const [displayName, expected] of cases) {
        const error = await registerReader(db, { email: 'bad@example.com', displayName, password: 'long enough' }, cheap).catch((e: unknown) => e);
        assert.deepEqual(details(error), [expected], displayName);
      }
      for (const displayName of ['张编辑', '本网读者', '版主大人', 'Site Admin', '官方客服', '小編']) {
        const error = await registerReader(db, { email: 'bad@example.com', displayName, password: 'long enough' }, cheap).catch((e: unknown) => e);
        assert.match(details(error)[0] ?? '', /^displayName: 昵称不能包含/, displayName);
      }
      for (const displayName of ['羽毛球badminton', 'Mr.Li', '澳门街坊']) {
        const fine = await registerReader(db, { email: `fine-${[...displayName].length}-${displayName.length}@example.com`, displayName, password: 'long enough' }, cheap);
        assert.equal(fine.kind, 'created', displayName);
      }
      assert.equal(await db.selectFrom('readers').select('id').where('email', '=', 'bad@example.com').executeTakeFirst(), undefined);
    });

    it('verification links work once, and not after 48 hours', async () => {
      const { db } = database;
      const t0 = new Date('2025-05-01T00:00:00Z');
      const reg = await registerReader(db, { email: 'verify@example.com', displayName: '验证者', password: 'long enough' }, { ...cheap, now: t0 });
      assert.equal(reg.kind, 'created');
      if (reg.kind !== 'created') return;
      const stored = await db.selectFrom('reader_tokens').select('id').where('reader_id', '=', reg.reader.id).execute();
      assert.ok(stored.every((t) => t.id !== reg.verifyToken), 'the table keeps a hash, not the token');

      const late = new Date(t0.getTime() + LINK_TTL_MS.verify_email + 1);
      await assert.rejects(verifyReaderEmail(db, reg.verifyToken, { now: late }), (e: unknown) => e instanceof ValidationError && e.publicMessage === DEAD_LINK_MESSAGE);

      const fresh = await newVerificationToken(db, reg.reader.id, { now: late });
      assert.ok(fresh);
      const verified = await verifyReaderEmail(db, fresh, { now: late });
      assert.equal(verified.verified, true);
      await assert.rejects(verifyReaderEmail(db, fresh, { now: late }), ValidationError);
      assert.equal(await newVerificationToken(db, reg.reader.id), null, 'nothing to resend once verified');
      await assert.rejects(verifyReaderEmail(db, 'not a token'), ValidationError);
    });

    it('a newer verification link retires the older one', async () => {
      const { db } = database;
      const reg = await registerReader(db, { email: 'twice@example.com', displayName: '两次', password: 'long enough' }, cheap);
      if (reg.kind !== 'created') throw new Error('expected a new reader');
      const newer = await newVerificationToken(db, reg.reader.id);
      await assert.rejects(verifyReaderEmail(db, reg.verifyToken), ValidationError);
      assert.equal((await verifyReaderEmail(db, newer)).verified, true);
    });

    it('checks passwords: one error for unknown email and wrong password', async () => {
      const { db } = database;
      await registerReader(db, { email: 'auth@example.com', displayName: '登录者', password: 'the password' }, cheap);
      const reader = await authenticateReader(db, { email: 'AUTH@example.com', password: 'the password' });
      assert.equal(reader.displayName, '登录者');
      const unknown = await authenticateReader(db, { email: 'none@example.com', password: 'the password' }).catch((e: unknown) => e);
      const wrong = await authenticateReader(db, { email: 'auth@example.com', password: 'not the password' }).catch((e: unknown) => e);
      for (const error of [unknown, wrong]) {
        assert.ok(error instanceof UnauthorizedError);
        assert.equal(error.publicMessage, '邮箱或密码不正确。');
      }
    });

    it('resets a password through a one-hour, one-use link, verifies the email and ends every session', async () => {
      const { db } = database;
      const store = createReaderSessionStore(db);
      const reg = await registerReader(db, { email: 'reset@example.com', displayName: '重设者', password: 'old password' }, cheap);
      const { token: cookieToken } = await startSession(store, reg.reader.id, { policy: READER_SESSION_POLICY });

      const nobody = await startPasswordReset(db, { email: 'nobody@example.com' });
      assert.equal(nobody.reset, null);
      const started = await startPasswordReset(db, { email: 'Reset@example.com' });
      assert.ok(started.reset);
      const token = started.reset.token;
      assert.equal(await resetLinkIsLive(db, token), true);
      assert.equal(await resetLinkIsLive(db, token, { now: new Date(Date.now() + LINK_TTL_MS.reset_password + 1000) }), false);

      const short = await resetReaderPassword(db, store, { token, password: 'short' }, cheap).catch((e: unknown) => e);
      assert.deepEqual(details(short), ['password: 密码至少需要 8 个字符']);
      assert.equal(await resetLinkIsLive(db, token), true, 'a refused password does not use the link up');

      const reader = await resetReaderPassword(db, store, { token, password: 'new password' }, cheap);
      assert.equal(reader.verified, true);
      assert.equal(await resolveSession(store, cookieToken, { policy: READER_SESSION_POLICY }), null, 'sessions ended');
      await assert.rejects(resetReaderPassword(db, store, { token, password: 'third password' }, cheap), (e: unknown) => e instanceof ValidationError && e.publicMessage === DEAD_LINK_MESSAGE);
      await authenticateReader(db, { email: 'reset@example.com', password: 'new password' });
      await assert.rejects(authenticateReader(db, { email: 'reset@example.com', password: 'old password' }));
    });

    it('two uses of one link race: exactly one wins', async () => {
      const { db } = database;
      const store = createReaderSessionStore(db);
      await registerReader(db, { email: 'race@example.com', displayName: '赛跑', password: 'old password' }, cheap);
      const started = await startPasswordReset(db, { email: 'race@example.com' });
      const token = started.reset?.token ?? '';
      const results = await Promise.allSettled([
        resetReaderPassword(db, store, { token, password: 'password one' }, cheap),
        resetReaderPassword(db, store, { token, password: 'password two' }, cheap),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    });

    it('renames with the same rules', async () => {
      const { db } = database;
      const reg = await registerReader(db, { email: 'rename@example.com', displayName: '旧名字', password: 'long enough' }, cheap);
      const renamed = await renameReader(db, reg.reader.id, { displayName: '  新 名字 ' });
      assert.equal(renamed.displayName, '新 名字');
      assert.equal((await getReader(db, reg.reader.id))?.displayName, '新 名字');
      const refused = await renameReader(db, reg.reader.id, { displayName: '值班编辑' }).catch((e: unknown) => e);
      assert.match(details(refused)[0] ?? '', /「编辑」/);
    });
  });
}
