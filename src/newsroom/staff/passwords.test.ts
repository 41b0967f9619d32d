import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateOneTimePassword, hashPassword, passwordProblems, verifyDummyPassword, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with argon2id at the library defaults and verifies', async () => {
    const hashed = await hashPassword('正确的马电池订书钉');
    assert.match(hashed, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await verifyPassword(hashed, '正确的马电池订书钉'), true);
    assert.equal(await verifyPassword(hashed, '正确的马电池订书针'), false);
  });

  it('accepts a cheaper cost when asked (tests only) and treats a malformed hash as a mismatch', async () => {
    const hashed = await hashPassword('long enough password', { memoryCost: 1024, timeCost: 1 });
    assert.match(hashed, /m=1024,t=1/);
    assert.equal(await verifyPassword(hashed, 'long enough password'), true);
    assert.equal(await verifyPassword('not a hash', 'long enough password'), false);
    await verifyDummyPassword('anything');
  });

  it('names each policy problem in Chinese', () => {
    const who = { email: 'wang.fang@example.com', name: '王芳王芳王芳王芳王芳' };
    assert.deepEqual(passwordProblems('short', who), ['密码至少需要 10 个字符（现为 5 个）']);
    assert.deepEqual(passwordProblems('Wang.Fang@example.com', who), ['密码不能与登录邮箱相同']);
    assert.deepEqual(passwordProblems('王芳王芳王芳王芳王芳', who), ['密码不能与姓名相同']);
    // Characters, not bytes: ten Chinese characters are enough.
    assert.deepEqual(passwordProblems('春眠不觉晓处处闻啼鸟', who), []);
    assert.equal(passwordProblems('x'.repeat(201), who).length, 1);
  });

  it('makes one-time passwords that pass the policy and differ each time', () => {
    const a = generateOneTimePassword();
    assert.equal(a.length, 16);
    assert.notEqual(a, generateOneTimePassword());
    assert.deepEqual(passwordProblems(a, { email: 'a@b.cn', name: '甲' }), []);
  });
});
