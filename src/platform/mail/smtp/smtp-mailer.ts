import nodemailer from 'nodemailer';
import type { MailMessage, Mailer } from '../mailer.js';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start). */
  url: string;
  /** The From header, e.g. `本网 <noreply@news.example.org>`. */
  from: string;
  /** Gives up on a server that does not answer; default 10 s to connect or greet, 30 s idle. */
  timeoutMs?: { connect?: number; socket?: number };
}

/** Sends mail through an SMTP server with nodemailer, one connection per message. */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const connect = options.timeoutMs?.connect ?? 10_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    // nodemailer's defaults wait minutes for a dead server; a reader is waiting for a link.
    connectionTimeout: connect,
    greetingTimeout: connect,
    socketTimeout: options.timeoutMs?.socket ?? 30_000,
  });
  const url = new URL(options.url);
  return {
    description: `${url.protocol}//${url.host}`,
    async send(message: MailMessage) {
      await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined && { html: message.html }),
      });
    },
    async close() {
      transport.close();
    },
  };
}
