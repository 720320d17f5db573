// The alert a responsible person may set on their plan: when the charges projected for
// the fiscal year (the statement as the quotas stand to its end, tax included) pass
// the amount, they and the centre are mailed, once per amount, version and year (the
// mails' keys make a second check send nothing). Checked after each approval and each
// change of the amount.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { planOfGroup, planVersionsIn, responsibleContact } from '../db/usage-plans.js';
import { fiscalYearOf } from '../domain/fiscal-calendar.js';
import { isLang, type Lang } from '../i18n/index.js';
import { formatYen } from '../i18n/statement-lines.js';
import type { Outbox } from '../mail/outbox.js';
import { groupStatement } from './billing.js';

export interface PlanAlertDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  /** The centre's address, which gets the alert too (CONTACT_EMAIL). */
  contactEmail?: string;
  pokeJobs(): void;
}

/** Whether an alert went out (false: no amount, no prices, or below it). */
export async function checkPlanAlert(deps: PlanAlertDeps, group: string, now = new Date()): Promise<boolean> {
  const plan = await planOfGroup(deps.db, group);
  if (!plan || plan.alert_yen === null) return false;
  const year = fiscalYearOf(now);
  const statement = await groupStatement(deps.db, group, year);
  if (!statement.ok || statement.value.statement.total <= plan.alert_yen) return false;
  const [approved] = await planVersionsIn(deps.db, plan.id, 'approved');
  const key = `plan-alert:${plan.id}:${approved?.id ?? 0}:${plan.alert_yen}:${year}`;
  const person = await responsibleContact(deps.db, group);
  const total = statement.value.statement.total;
  const alert = plan.alert_yen;
  await deps.db.transaction().execute(async (trx) => {
    const to: { email: string; lang: Lang; who: string }[] = [
      ...(person
        ? [{ email: person.email, lang: isLang(person.lang) ? person.lang : ('ja' as Lang), who: 'person' }]
        : []),
      ...(deps.contactEmail ? [{ email: deps.contactEmail, lang: 'ja' as Lang, who: 'centre' }] : []),
    ];
    for (const r of to)
      await deps.outbox.enqueue(trx, {
        to: r.email,
        lang: r.lang,
        template: 'planAlert',
        key: `${key}:${r.who}`,
        params: { group, year, amount: formatYen(total, r.lang), alert: formatYen(alert, r.lang) },
      });
  });
  deps.pokeJobs();
  return true;
}
