// Where finished mail goes. The job worker hands every message to a Mailer; nothing
// in a web request sends mail directly (see src/mail/outbox.ts).

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Fixed per outbox job, so a message retried after a crash keeps its Message-ID. */
  messageId: string;
  /** When the message was queued (ISO 8601): its Date header, fixed like the Message-ID. */
  date: string;
}

export interface Mailer {
  readonly kind: 'file' | 'smtp';
  send(message: MailMessage): Promise<void>;
  /** True when the mail service is reachable (for /readyz). */
  verify(): Promise<boolean>;
  close(): Promise<void>;
}
