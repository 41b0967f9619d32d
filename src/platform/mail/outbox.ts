import type { MailMessage, Mailer } from './mailer.js';

/** Sends mail without making the request that caused it wait. */
export interface MailOutbox {
  /** Starts sending `message`; a failure is reported to `onError`, never thrown. */
  post(message: MailMessage): void;
  /** Resolves when every message posted so far has been sent or has failed. */
  drain(): Promise<void>;
}

/**
 * An outbox over `mailer`. A request answers the same, and as fast, whether or not a mail
 * goes out or the mail server is slow, so the answer reveals nothing about accounts. A crash
 * loses mail still in flight; the reader asks for the link again.
 */
export function createMailOutbox(mailer: Mailer, onError: (error: unknown, message: MailMessage) => void): MailOutbox {
  const inFlight = new Set<Promise<void>>();
  return {
    post(message) {
      const sending = mailer.send(message).catch((error: unknown) => onError(error, message));
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    },
    async drain() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
