// Administrators' settings as use cases (the console's Settings pages and the renewal
// dashboard's calendar): each change written with the value it replaced in its audit
// entry, in one transaction. The pages check the values first.
import type { Kysely, Transaction } from 'kysely';
import { addEntries, type CheckList, removeEntries } from '../db/applications.js';
import { appendAudit } from '../db/audit.js';
import type { Database } from '../db/schema.js';
import { putCalendarOverride, putMailSignature, putReviewPeriods } from '../db/settings.js';
import type { CalendarOverride } from '../domain/fiscal-calendar.js';
import type { MailSignature, ReviewPeriods } from '../domain/settings.js';

/** A fiscal year's renewal days, as far as they differ from the defaults. */
export function setRenewalCalendar(
  db: Kysely<Database>,
  actor: string,
  fiscalYear: number,
  override: CalendarOverride,
) {
  return db.transaction().execute(async (trx) => {
    const before = await putCalendarOverride(trx, fiscalYear, override);
    await appendAudit(trx, {
      actor,
      action: 'setting.changed',
      subject: 'setting:renewal.calendar',
      details: { year: fiscalYear, before, after: override },
    });
  });
}

/** How long applicants and responsible persons have to answer, and when they are reminded. */
export function setReviewPeriods(db: Kysely<Database>, actor: string, periods: ReviewPeriods) {
  return db.transaction().execute(async (trx) => {
    const before = await putReviewPeriods(trx, periods);
    await appendAudit(trx, {
      actor,
      action: 'settings.reviewPeriods.changed',
      subject: 'setting:review.periods',
      details: { before, after: periods },
    });
  });
}

/** The signature under every mail, in both languages. */
export function setMailSignature(db: Kysely<Database>, actor: string, signature: MailSignature) {
  return db.transaction().execute(async (trx) => {
    const before = await putMailSignature(trx, signature);
    await appendAudit(trx, {
      actor,
      action: 'settings.mailSignature.changed',
      subject: 'setting:mail.signature',
      details: { before, after: signature },
    });
  });
}

/** An entry added to or removed from a check list (free mail domains, reserved names); audited when it changed. */
export function changeCheckList(db: Kysely<Database>, actor: string, list: CheckList, entry: string, remove: boolean) {
  return db.transaction().execute(async (trx) => {
    const changed = remove ? await removeEntries(trx, list, [entry]) : await addEntries(trx, list, [entry]);
    if (changed.length)
      await appendAudit(trx, {
        actor,
        action: remove ? 'settings.list.removed' : 'settings.list.added',
        subject: `list:${list}`,
        details: { entry },
      });
    return changed.length > 0;
  });
}

/**
 * A new version of a published text (terms, criteria, a pledge), added by `insert`;
 * false when its version label is taken.
 */
export function publishText(
  db: Kysely<Database>,
  actor: string,
  text: { kind: string; version: string; action: string; table: string },
  insert: (trx: Transaction<Database>) => Promise<number | undefined>,
) {
  return db.transaction().execute(async (trx) => {
    const id = await insert(trx);
    if (id === undefined) return false;
    await appendAudit(trx, {
      actor,
      action: text.action,
      subject: `${text.table}:${id}`,
      details: { after: { kind: text.kind, version: text.version } },
    });
    return true;
  });
}
