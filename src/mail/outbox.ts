// Mail is never sent inside a request. enqueueMail renders the message and stores it
// as a 'mail.send' job in the caller's transaction; the job worker sends it later,
// retrying with backoff. See docs/architecture.md, "Jobs and the outbox".
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { enqueueJob } from '../db/jobs.js';
import type { Database } from '../db/schema.js';
import type { Lang } from '../web/i18n/index.js';
import type { MailMessage } from './mailer.js';
import { renderMail, type TemplateName, type TemplateParams } from './templates/index.js';

export const MAIL_JOB = 'mail.send';

export interface Outbox {
  enqueue<N extends TemplateName>(
    db: Kysely<Database> | Transaction<Database>,
    mail: { to: string; lang: Lang; template: N; params: TemplateParams[N]; key?: string },
  ): Promise<number | undefined>;
}

export function createOutbox(options: { from: string; baseUrl: URL }): Outbox {
  return {
    async enqueue(db, mail) {
      const content = await renderMail(mail.template, mail.lang, mail.params);
      const message: MailMessage = {
        from: options.from,
        to: mail.to,
        ...content,
        messageId: `<${randomUUID()}@${options.baseUrl.hostname}>`,
      };
      return enqueueJob(db, {
        kind: MAIL_JOB,
        payload: { template: mail.template, message },
        ...(mail.key ? { key: `mail:${mail.key}` } : {}),
      });
    },
  };
}
