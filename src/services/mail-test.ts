// A test mail to check that mail leaves the centre (`sc-account mail test`): queued
// like every other mail, so the running server's job worker sends it, and audited.
import type { Kysely } from 'kysely';
import { appendAudit } from '../db/audit.js';
import type { Database } from '../db/schema.js';
import { checkEmail } from '../domain/email-address.js';
import type { Lang } from '../i18n/index.js';
import type { Outbox } from '../mail/outbox.js';

export async function sendTestMail(
  deps: { db: Kysely<Database>; outbox: Outbox },
  actor: string,
  input: { to: string; lang: Lang },
): Promise<{ ok: true; jobId: number | undefined } | { ok: false; problem: 'ADDRESS' }> {
  const address = checkEmail(input.to, { freeMailDomains: [] });
  if (!address.ok) return { ok: false, problem: 'ADDRESS' };
  const jobId = await deps.db.transaction().execute(async (trx) => {
    const id = await deps.outbox.enqueue(trx, { to: address.address, lang: input.lang, template: 'test', params: {} });
    await appendAudit(trx, {
      actor,
      action: 'mail.test',
      subject: `mail:${address.address}`,
      details: { lang: input.lang },
    });
    return id;
  });
  return { ok: true, jobId };
}
