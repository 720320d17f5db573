// SMTP through nodemailer, from SMTP_URL (smtp:// with STARTTLS when offered, or smtps://).
import nodemailer from 'nodemailer';
import { type Mailer, type MailMessage, toNodemailer } from './mailer.js';

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

/** How long a readiness answer about the SMTP server is reused, so probes do not flood it. */
const verifyCacheMs = 30_000;

export function createSmtpMailer(url: string): Mailer {
  // Timeouts well below the job lease (5 min), so a hung server fails the attempt
  // instead of outliving it (nodemailer's own socket timeout is 10 min).
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  let lastVerify: { at: number; ok: Promise<boolean> } | undefined;
  return {
    kind: 'smtp',
    async send(message: MailMessage) {
      try {
        await transport.sendMail(toNodemailer(message));
      } catch (err) {
        const e = err as { message?: string; responseCode?: number; response?: string };
        // The server's answer, not the URL (which may carry credentials).
        throw new MailRefusedError(e.response ?? e.message ?? 'SMTP error', e.responseCode);
      }
    },
    verify() {
      if (!lastVerify || Date.now() - lastVerify.at > verifyCacheMs) {
        lastVerify = {
          at: Date.now(),
          ok: transport.verify().then(
            () => true,
            () => false,
          ),
        };
      }
      return lastVerify.ok;
    },
    async close() {
      transport.close();
    },
  };
}
