/** One plain-text message (with an optional HTML alternative) to one address. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Where outgoing mail goes. SMTP (smtp/) when `SMTP_URL` is configured, else the log (log/),
 * so a newsroom without a mail server still sees every verification link. Same file names in
 * each folder, like the file stores.
 */
export interface Mailer {
  /** Delivers `message` (the sender is the mailer's own `from`); rejects when it cannot. */
  send(message: MailMessage): Promise<void>;
  /** Releases connections; the mailer is not used afterwards. */
  close(): Promise<void>;
  /** Where mail goes, safe to log (no password), e.g. `smtp://mail.example.org:587`. */
  readonly description: string;
}
