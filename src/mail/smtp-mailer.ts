// SMTP through nodemailer, from SMTP_URL (smtp:// with STARTTLS when offered, or smtps://).
import nodemailer from 'nodemailer';
import type { Mailer, MailMessage } from './mailer.js';

export class MailRefusedError extends Error {
  readonly code = 'MAIL_REFUSED';
  constructor(
    message: string,
    public readonly responseCode: number | undefined,
  ) {
    super(message);
    this.name = 'MailRefusedError';
  }
}

export function createSmtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(message: MailMessage) {
      try {
        await transport.sendMail(message);
      } catch (err) {
        const e = err as { message?: string; responseCode?: number; response?: string };
        // The server's answer, not the URL (which may carry credentials).
        throw new MailRefusedError(e.response ?? e.message ?? 'SMTP error', e.responseCode);
      }
    },
    async verify() {
      try {
        await transport.verify();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      transport.close();
    },
  };
}
