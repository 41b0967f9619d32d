import type { MailMessage, Mailer } from '../mailer.js';

/** The part of a pino-style logger the log mailer uses. */
export interface MailLogger {
  info(fields: object, message: string): void;
}

export interface LogMailerOptions {
  logger: MailLogger;
  /** The From the message would have had. */
  from: string;
}

/**
 * "Sends" mail by writing it, text and links included, to the app log at info level: the
 * default when no SMTP server is configured, so an operator can still pass a reader their
 * verification link. The HTML alternative is left out; it says the same as the text.
 */
export function createLogMailer(options: LogMailerOptions): Mailer {
  return {
    description: 'log',
    async send(message: MailMessage) {
      options.logger.info({ mail: { from: options.from, to: message.to, subject: message.subject, text: message.text } }, `mail to ${message.to}: ${message.subject}`);
    },
    async close() {},
  };
}
