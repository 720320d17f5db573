// Where finished mail goes. The job worker hands every message to a Mailer; nothing
// in a web request sends mail directly (see src/mail/outbox.ts).

import type { SendMailOptions } from 'nodemailer';

/** A file sent with a message (the PDF copy of a signed pledge), kept in the job as base64. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

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
  attachments?: MailAttachment[];
}

/** The message as nodemailer builds it (MIME), for both mailers. */
export function toNodemailer(message: MailMessage): SendMailOptions {
  const { attachments, ...rest } = message;
  return {
    ...rest,
    date: new Date(message.date),
    ...(attachments?.length
      ? {
          attachments: attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: a.contentBase64,
            encoding: 'base64',
          })),
        }
      : {}),
  };
}

export interface Mailer {
  readonly kind: 'file' | 'smtp';
  send(message: MailMessage): Promise<void>;
  /** True when the mail service is reachable (for /readyz). */
  verify(): Promise<boolean>;
  close(): Promise<void>;
}
