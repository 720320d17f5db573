// Mail is never sent inside a request. enqueueMail renders the message and stores it
// as a 'mail.send' job in the caller's transaction; the job worker sends it later,
// retrying with backoff. See docs/architecture.md, "Jobs and the outbox".
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { enqueueJob } from '../db/jobs.js';
import type { Database } from '../db/schema.js';
import type { Lang } from '../web/i18n/index.js';
import type { MailMessage } from './mailer.js';
import { renderMail, type TemplateName, type TemplateParams } from './templates/index.js';

export const MAIL_JOB = 'mail.send';

/** One address, nothing else: a list or a display name from user input is refused. */
const recipient = z.email();

export interface Outbox {
  /**
   * Queues a mail in `trx`, the transaction of the change that causes it. (Only a
   * transaction is accepted: on PGlite a query on the database handle inside a
   * transaction would wait for ever.) Call deps.pokeJobs() after the commit.
   */
  enqueue<N extends TemplateName>(
    trx: Transaction<Database>,
    mail: { to: string; lang: Lang; template: N; params: TemplateParams[N]; key?: string },
  ): Promise<number | undefined>;
}

export function createOutbox(options: { from: string; baseUrl: URL }): Outbox {
  return {
    async enqueue(trx, mail) {
      if (!recipient.safeParse(mail.to).success)
        throw new Error(`not a single e-mail address: ${JSON.stringify(mail.to)}`);
      const content = await renderMail(mail.template, mail.lang, mail.params);
      const message: MailMessage = {
        from: options.from,
        to: mail.to,
        ...content,
        messageId: `<${randomUUID()}@${options.baseUrl.hostname}>`,
        date: new Date().toISOString(),
      };
      return enqueueJob(trx, {
        kind: MAIL_JOB,
        payload: { template: mail.template, message },
        ...(mail.key ? { key: `mail:${mail.key}` } : {}),
      });
    },
  };
}
