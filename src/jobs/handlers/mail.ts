// Sends one outbox message. Safe to run twice: the message keeps its Message-ID,
// and the file mailer writes the same file name for it.
import type { Job } from '../../db/schema.js';
import type { Mailer, MailMessage } from '../../mail/mailer.js';
import { MAIL_JOB } from '../../mail/outbox.js';
import type { JobHandler } from '../worker.js';

/** Counts each message by outcome (mail_messages_total). */
export type CountMail = { mailMessages: { inc(labels: { outcome: 'sent' | 'failed' }): void } };

export function mailJobHandlers(mailer: Mailer, metrics?: CountMail): Record<string, JobHandler> {
  return {
    [MAIL_JOB]: async (job: Job) => {
      const message = (job.payload as { message: MailMessage }).message;
      try {
        await mailer.send(message);
      } catch (error) {
        metrics?.mailMessages.inc({ outcome: 'failed' });
        throw error;
      }
      metrics?.mailMessages.inc({ outcome: 'sent' });
    },
  };
}
