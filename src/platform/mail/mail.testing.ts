import { createServer, type Server, type Socket } from 'node:net';
import type { MailMessage, Mailer } from './mailer.js';

/** A mailer that keeps what it is given, for tests. */
export interface MemoryMailer extends Mailer {
  readonly sent: MailMessage[];
  /** The first message (already sent or still to come) to `to` after the `skip` earlier ones. */
  waitFor(to: string, options?: { skip?: number; timeoutMs?: number }): Promise<MailMessage>;
}

/** Collects messages in memory; `waitFor` resolves as soon as a matching one arrives. */
export function createMemoryMailer(): MemoryMailer {
  const sent: MailMessage[] = [];
  const waiters = new Set<() => void>();
  return {
    description: 'memory',
    sent,
    async send(message) {
      sent.push(message);
      for (const wake of waiters) wake();
    },
    async close() {},
    waitFor(to, options = {}) {
      const find = () => sent.filter((m) => m.to === to)[options.skip ?? 0];
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = find();
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no mail to ${to} within ${options.timeoutMs ?? 5000} ms`));
        }, options.timeoutMs ?? 5000);
        waiters.add(check);
        check();
      });
    },
  };
}

/** One message as a fake SMTP server received it. */
export interface ReceivedMail {
  auth: { user: string; pass: string } | null;
  from: string;
  to: string[];
  /** The DATA section, dot-unstuffed, with CRLF line ends. */
  raw: string;
}

/** A loopback SMTP server that accepts everything (after AUTH, if credentials are set). */
export interface FakeSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Every command line the server read, for asserting on the dialogue. */
  commands: string[];
  close(): Promise<void>;
}

/**
 * Speaks just enough SMTP for nodemailer: EHLO with AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT. No STARTTLS is offered, so the client stays on plain TCP.
 */
export async function startFakeSmtpServer(credentials: { user: string; pass: string } | null = null): Promise<FakeSmtpServer> {
  const received: ReceivedMail[] = [];
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffer = '';
    let mode: 'command' | 'data' | 'login-user' | 'login-pass' | 'plain' = 'command';
    let auth: ReceivedMail['auth'] = null;
    let loginUser = '';
    let from = '';
    let to: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const checkAuth = (user: string, pass: string) => {
      if (credentials && (user !== credentials.user || pass !== credentials.pass)) return reply('535 5.7.8 Authentication failed');
      auth = { user, pass };
      reply('235 2.7.0 Authentication successful');
    };
    const decodePlain = (b64: string) => {
      const [, user = '', pass = ''] = Buffer.from(b64, 'base64').toString('utf8').split('\0');
      checkAuth(user, pass);
    };

    const onLine = (line: string) => {
      if (mode === 'plain') {
        mode = 'command';
        return decodePlain(line);
      }
      if (mode === 'login-user') {
        loginUser = Buffer.from(line, 'base64').toString('utf8');
        mode = 'login-pass';
        return reply('334 UGFzc3dvcmQ6');
      }
      if (mode === 'login-pass') {
        mode = 'command';
        return checkAuth(loginUser, Buffer.from(line, 'base64').toString('utf8'));
      }
      commands.push(line);
      const verb = line.split(' ')[0]?.toUpperCase() ?? '';
      if (verb === 'EHLO' || verb === 'HELO') return socket.write('250-fake.test\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
      if (verb === 'AUTH') {
        const [, method = '', initial] = line.split(' ');
        if (method.toUpperCase() === 'PLAIN') {
          if (initial) return decodePlain(initial);
          mode = 'plain';
          return reply('334 ');
        }
        if (method.toUpperCase() === 'LOGIN') {
          mode = 'login-user';
          return reply('334 VXNlcm5hbWU6');
        }
        return reply('504 5.5.4 Unrecognized authentication type');
      }
      if (verb === 'MAIL') {
        if (credentials && !auth) return reply('530 5.7.0 Authentication required');
        from = /<([^>]*)>/.exec(line)?.[1] ?? '';
        to = [];
        return reply('250 2.1.0 OK');
      }
      if (verb === 'RCPT') {
        to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        return reply('250 2.1.5 OK');
      }
      if (verb === 'DATA') {
        mode = 'data';
        return reply('354 End data with <CR><LF>.<CR><LF>');
      }
      if (verb === 'RSET' || verb === 'NOOP') return reply('250 2.0.0 OK');
      if (verb === 'QUIT') {
        reply('221 2.0.0 Bye');
        return socket.end();
      }
      return reply('502 5.5.2 Command not implemented');
    };

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (mode === 'data') {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          const raw = buffer.slice(0, end + 2).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          mode = 'command';
          received.push({ auth, from, to, raw });
          reply('250 2.0.0 Queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol === -1) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        onLine(line);
      }
    });
    reply('220 fake.test ESMTP');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake SMTP server has no TCP address');
  return {
    port: address.port,
    received,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header value. */
export function decodeHeaderWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_all, kind: string, text: string) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

/** A received single-part text message: its decoded headers (unfolded) and body. */
export function parseReceivedMail(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), decodeHeaderWords(line.slice(colon + 1).trim()));
  }
  const encoded = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  let body = encoded;
  if (encoding === 'base64') body = Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') {
    const bytes = encoded.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return { headers, body };
}
