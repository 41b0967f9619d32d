import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseReceivedMail, startFakeSmtpServer, type FakeSmtpServer } from '../mail.testing.js';
import { createSmtpMailer } from './smtp-mailer.js';

describe('SMTP mailer (nodemailer against a loopback SMTP server)', () => {
  let smtp: FakeSmtpServer;
  before(async () => {
    smtp = await startFakeSmtpServer({ user: 'mailer', pass: 's3cret' });
  });
  after(() => smtp.close());

  it('authenticates with the credentials in the URL and delivers a Chinese message intact', async () => {
    const mailer = createSmtpMailer({ url: `smtp://mailer:s3cret@127.0.0.1:${smtp.port}`, from: '本网 <noreply@news.example>' });
    assert.equal(mailer.description, `smtp://127.0.0.1:${smtp.port}`, 'no password in the description');
    const text = '您好：\n\n请打开 https://news.example/account/verify?token=abc_DEF-123 验证邮箱。\n.这一行以句点开头\n';
    await mailer.send({ to: 'reader@example.com', subject: '【本网】请验证您的邮箱', text });
    await mailer.close();

    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0];
    assert.ok(mail);
    assert.deepEqual(mail.auth, { user: 'mailer', pass: 's3cret' });
    assert.equal(mail.from, 'noreply@news.example');
    assert.deepEqual(mail.to, ['reader@example.com']);
    const { headers, body } = parseReceivedMail(mail.raw);
    assert.equal(headers.get('subject'), '【本网】请验证您的邮箱');
    assert.equal(headers.get('to'), 'reader@example.com');
    assert.match(headers.get('from') ?? '', /本网.*<noreply@news\.example>/);
    assert.equal(body.replace(/\r\n/g, '\n').trimEnd(), text.trimEnd(), 'body, link and a leading dot survive transfer');
    assert.ok(smtp.commands.some((c) => /^AUTH (PLAIN|LOGIN)/i.test(c)));
  });

  it('rejects when the server refuses the credentials', async () => {
    const mailer = createSmtpMailer({ url: `smtp://mailer:wrong@127.0.0.1:${smtp.port}`, from: 'noreply@news.example' });
    await assert.rejects(mailer.send({ to: 'reader@example.com', subject: 'x', text: 'y' }), /535|auth/i);
    await mailer.close();
  });

  it('rejects quickly when nothing listens', async () => {
    const closed = await startFakeSmtpServer();
    const port = closed.port;
    await closed.close();
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'noreply@news.example', timeoutMs: { connect: 2000 } });
    await assert.rejects(mailer.send({ to: 'reader@example.com', subject: 'x', text: 'y' }), /ECONNREFUSED|connect/i);
    await mailer.close();
  });
});
