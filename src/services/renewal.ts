// The renewal season's staff actions as use cases (the renewal dashboard): reminders
// sent again to every holder not yet renewed for a fiscal year, at most once a day.
import type { Kysely } from 'kysely';
import { appendAudit } from '../db/audit.js';
import { holdersToRenew } from '../db/renewal.js';
import type { Database } from '../db/schema.js';
import { calendarLookup } from '../db/settings.js';
import { centreDayOf, lockAt } from '../domain/fiscal-calendar.js';
import { isLang } from '../i18n/index.js';
import type { Outbox } from '../mail/outbox.js';

export interface RenewalDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  baseUrl: URL;
  renewalOpensOn: string;
  pokeJobs(): void;
}

/** Mails every holder not yet renewed for `fiscalYear`; a second time the same day queues nothing. Returns how many. */
export async function sendRenewalReminders(deps: RenewalDeps, actor: string, fiscalYear: number): Promise<number> {
  const calendar = await calendarLookup(deps.db, deps.renewalOpensOn);
  const lock = lockAt(calendar(fiscalYear));
  const holders = await holdersToRenew(deps.db, fiscalYear);
  // Once a day at most: the key names the day.
  const day = centreDayOf(new Date());
  await deps.db.transaction().execute(async (trx) => {
    for (const h of holders)
      await deps.outbox.enqueue(trx, {
        to: h.email,
        lang: isLang(h.lang) ? h.lang : 'ja',
        template: 'renewal',
        params: {
          event: 'reminder',
          fiscalYear,
          accounts: h.uids,
          lockAt: lock.toISOString(),
          url: new URL('/account', deps.baseUrl).toString(),
        },
        key: `renewal:reminder:${fiscalYear}:${day}:${h.application_id}`,
      });
    await appendAudit(trx, {
      actor,
      action: 'renewal.reminders.sent',
      subject: `renewal:${fiscalYear}`,
      details: { holders: holders.length },
    });
  });
  deps.pokeJobs();
  return holders.length;
}
