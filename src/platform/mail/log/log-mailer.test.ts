import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMailOutbox } from '../outbox.js';
import { createLogMailer } from './log-mailer.js';

describe('log mailer', () => {
  it('writes the whole message, link included, at info level', async () => {
    const lines: { fields: object; message: string }[] = [];
    const mailer = createLogMailer({ logger: { info: (fields, message) => lines.push({ fields, message }) }, from: 'noreply@news.example' });
    await mailer.send({ to: 'reader@example.com', subject: '重设密码', text: '请打开 http://x.example/account/reset?token=T 设置新密码' });
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.message, 'mail to reader@example.com: 重设密码');
    assert.deepEqual(lines[0]?.fields, {
      mail: { from: 'noreply@news.example', to: 'reader@example.com', subject: '重设密码', text: '请打开 http://x.example/account/reset?token=T 设置新密码' },
    });
    assert.equal(mailer.description, 'log');
  });
});

describe('mail outbox', () => {
  it('sends in the background, reports failures without throwing, and drains', async () => {
    const sent: string[] = [];
    const failures: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const outbox = createMailOutbox(
      {
        description: 'slow',
        async send(message) {
          await gate;
          if (message.to === 'bad@example.com') throw new Error('mailbox unavailable');
          sent.push(message.to);
        },
        async close() {},
      },
      (error, message) => failures.push(`${message.to}: ${(error as Error).message}`),
    );
    outbox.post({ to: 'a@example.com', subject: 's', text: 't' });
    outbox.post({ to: 'bad@example.com', subject: 's', text: 't' });
    assert.deepEqual(sent, [], 'post does not wait for the mail server');
    const drained = outbox.drain();
    release();
    await drained;
    assert.deepEqual(sent, ['a@example.com']);
    assert.deepEqual(failures, ['bad@example.com: mailbox unavailable']);
  });
});
