import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseReceivedMail, startFakeSmtpServer, type FakeSmtpServer } from '../platform/mail/mail.testing.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { linkToken, startReaderTestServer, type ReaderTestServer } from './readers.testing.js';

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Only the database differs between dialects here, so one is enough to prove the mail path.
const dialect = TEST_DIALECTS[0] ?? 'sqlite';

describe(`reader mail over SMTP, configured by SMTP_URL and MAIL_FROM (${dialect})`, () => {
  let smtp: FakeSmtpServer;
  let server: ReaderTestServer;
  before(async () => {
    smtp = await startFakeSmtpServer({ user: 'xinwen', pass: 'mail-pass' });
    server = await startReaderTestServer(dialect, {
      env: {
        SMTP_URL: `smtp://xinwen:mail-pass@127.0.0.1:${smtp.port}`,
        MAIL_FROM: '本网 <noreply@news.example>',
        XINWEN_PUBLIC_URL: 'https://news.example',
      },
    });
    await setUpNewsroom(server.database.db);
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  it('sends the verification link to the SMTP server, pointing at the public URL, never the Host header', async () => {
    const response = await fetch(`${server.url}/api/readers/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: 'evil.example', 'x-forwarded-host': 'evil.example' },
      body: JSON.stringify({ email: 'smtp.reader@example.com', displayName: '邮件读者', password: 'long enough' }),
    });
    assert.equal(response.status, 202);
    const received = await until(() => smtp.received.find((m) => m.to.includes('smtp.reader@example.com')), 'the SMTP delivery');
    assert.deepEqual(received.auth, { user: 'xinwen', pass: 'mail-pass' });
    assert.equal(received.from, 'noreply@news.example');
    const { headers, body } = parseReceivedMail(received.raw);
    assert.equal(headers.get('subject'), '【本网】请验证您的邮箱');
    assert.ok(body.includes('https://news.example/account/verify?token='), body);
    assert.doesNotMatch(body, /evil\.example/);
    assert.equal(server.mail.sent.length, 0, 'nothing went to the in-memory mailer');

    const verify = await fetch(`${server.url}/account/verify?token=${linkToken(body, '/account/verify')}`);
    assert.equal(verify.status, 200);
  });
});
