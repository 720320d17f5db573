// Sends one outbox message. Safe to run twice: the message keeps its Message-ID,
// and the file mailer writes the same file name for it.
import type { Job } from '../../db/schema.js';
import type { Mailer, MailMessage } from '../../mail/mailer.js';
import { MAIL_JOB } from '../../mail/outbox.js';
import type { JobHandler } from '../worker.js';

export function mailJobHandlers(mailer: Mailer): Record<string, JobHandler> {
  return {
    [MAIL_JOB]: async (job: Job) => {
      const message = (job.payload as { message: MailMessage }).message;
      await mailer.send(message);
    },
  };
}
