// Mail is never sent inside a request. enqueueMail renders the message and stores it
// as a 'mail.send' job in the caller's transaction; the job worker sends it later,
// retrying with backoff. See docs/architecture.md, "Jobs and the outbox".
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { type EnqueueInput, enqueueJobs } from '../db/jobs.js';
import type { Database } from '../db/schema.js';
import { getMailSignature } from '../db/settings.js';
import type { MailSignature } from '../domain/settings.js';
import type { Lang } from '../i18n/index.js';
import type { MailAttachment, MailMessage } from './mailer.js';
import { renderMail, type TemplateName, type TemplateParams } from './templates/index.js';
import { withSignature } from './templates/signature.js';

export const MAIL_JOB = 'mail.send';

/** One address, nothing else: a list or a display name from user input is refused. */
const recipient = z.email();

/** One mail to queue: its template with parameters, and a key that makes it once only. */
export interface OutboxMail<N extends TemplateName = TemplateName> {
  to: string;
  lang: Lang;
  template: N;
  params: TemplateParams[N];
  key?: string;
  attachments?: MailAttachment[];
}

export interface Outbox {
  /**
   * Queues a mail in `trx`, the transaction of the change that causes it. (Only a
   * transaction is accepted: on PGlite a query on the database handle inside a
   * transaction would wait for ever.) Call deps.pokeJobs() after the commit.
   */
  enqueue<N extends TemplateName>(trx: Transaction<Database>, mail: OutboxMail<N>): Promise<number | undefined>;
  /** Queues many mails in one statement (a mail to each holder of a batch); returns how many were new. */
  enqueueMany(trx: Transaction<Database>, mails: OutboxMail[]): Promise<number>;
  /** Drops the cached mail signature (after an administrator changed it). */
  forgetSignature(): void;
}

/**
 * How long this process reuses the signature it read: other instances see a change
 * within this time, the one where it was made at once (forgetSignature).
 */
const SIGNATURE_CACHE_MS = 30_000;

export function createOutbox(options: { from: string; baseUrl: URL }): Outbox {
  let cached: { at: number; value: MailSignature } | undefined;
  const signature = async (trx: Transaction<Database>) => {
    if (!cached || Date.now() - cached.at > SIGNATURE_CACHE_MS) {
      cached = { at: Date.now(), value: await getMailSignature(trx) };
    }
    return cached.value;
  };
  /** The mail rendered, signed and addressed, as its job. */
  const toJob = async <N extends TemplateName>(
    trx: Transaction<Database>,
    mail: OutboxMail<N>,
  ): Promise<EnqueueInput> => {
    if (!recipient.safeParse(mail.to).success)
      throw new Error(`not a single e-mail address: ${JSON.stringify(mail.to)}`);
    const content = withSignature(
      await renderMail(mail.template, mail.lang, mail.params),
      await signature(trx),
      mail.lang,
    );
    const message: MailMessage = {
      from: options.from,
      to: mail.to,
      ...content,
      messageId: `<${randomUUID()}@${options.baseUrl.hostname}>`,
      date: new Date().toISOString(),
      ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
    };
    return {
      kind: MAIL_JOB,
      payload: { template: mail.template, message },
      ...(mail.key ? { key: `mail:${mail.key}` } : {}),
    };
  };
  return {
    forgetSignature() {
      cached = undefined;
    },
    async enqueue(trx, mail) {
      const [id] = await enqueueJobs(trx, [await toJob(trx, mail)]);
      return id;
    },
    async enqueueMany(trx, mails) {
      const jobs: EnqueueInput[] = [];
      for (const mail of mails) jobs.push(await toJob(trx, mail));
      return (await enqueueJobs(trx, jobs)).length;
    },
  };
}
