// Settings by key and the versioned texts of the terms of use and issuance criteria.
// A setting not yet stored answers its default; a stored value that no longer
// parses (an older shape) does too, so a bad row never stops the service.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import { type CalendarLookup, type CalendarOverride, renewalCalendar } from '../domain/fiscal-calendar.js';
import {
  type CalendarOverrides,
  calendarOverridesSchema,
  defaultReviewPeriods,
  type MailSignature,
  mailSignatureSchema,
  type ReviewPeriods,
  reviewPeriodsSchema,
  settingKeys,
  type TermsKind,
} from '../domain/settings.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

async function readSetting<T>(db: Db, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const row = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
  const parsed = schema.safeParse(row?.value);
  return parsed.success ? parsed.data : undefined;
}

/** Stores a setting; returns the value it had before (for the audit log). */
async function writeSetting(trx: Transaction<Database>, key: string, value: unknown): Promise<unknown> {
  const before = await trx.selectFrom('setting').select('value').where('key', '=', key).forUpdate().executeTakeFirst();
  await trx
    .insertInto('setting')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: sql`now()` }))
    .execute();
  return before?.value ?? null;
}

export async function getReviewPeriods(db: Db, defaultExpiryDays: number): Promise<ReviewPeriods> {
  return (
    (await readSetting(db, settingKeys.reviewPeriods, reviewPeriodsSchema)) ?? defaultReviewPeriods(defaultExpiryDays)
  );
}

export const putReviewPeriods = (trx: Transaction<Database>, periods: ReviewPeriods) =>
  writeSetting(trx, settingKeys.reviewPeriods, periods);

export async function getMailSignature(db: Db): Promise<MailSignature> {
  return (await readSetting(db, settingKeys.mailSignature, mailSignatureSchema)) ?? { ja: '', en: '' };
}

export const putMailSignature = (trx: Transaction<Database>, signature: MailSignature) =>
  writeSetting(trx, settingKeys.mailSignature, signature);

export async function getCalendarOverrides(db: Db): Promise<CalendarOverrides> {
  return (await readSetting(db, settingKeys.renewalCalendar, calendarOverridesSchema)) ?? {};
}

/** Moves (or, with an empty override, restores) the renewal days of one fiscal year; returns the value before. */
export async function putCalendarOverride(trx: Transaction<Database>, fiscalYear: number, override: CalendarOverride) {
  const all = await getCalendarOverrides(trx);
  const next = { ...all };
  if (Object.keys(override).length) next[String(fiscalYear)] = override;
  else delete next[String(fiscalYear)];
  return writeSetting(trx, settingKeys.renewalCalendar, next);
}

/** The renewal calendar of any fiscal year: the overrides stored now, else the defaults. */
export async function calendarLookup(db: Db, opensDefault: string): Promise<CalendarLookup> {
  const overrides = await getCalendarOverrides(db);
  return (fy) => renewalCalendar(fy, overrides[String(fy)] ?? {}, opensDefault);
}

/** When the scheduler first ran, recorded by the first call. */
export async function scheduleSince(db: Kysely<Database>, now: Date): Promise<Date> {
  await db
    .insertInto('setting')
    .values({ key: settingKeys.scheduleSince, value: JSON.stringify(now.toISOString()) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('setting')
    .select('value')
    .where('key', '=', settingKeys.scheduleSince)
    .executeTakeFirstOrThrow();
  return new Date(String(row.value));
}

const termsColumns = ['id', 'kind', 'version', 'title_ja', 'title_en', 'body_ja', 'body_en', 'created_at'] as const;

/** The newest version of a text: what applicants accept from now on. */
export async function currentTerms(db: Db, kind: TermsKind) {
  return db
    .selectFrom('terms_text')
    .select(termsColumns)
    .where('kind', '=', kind)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

/** One version of a text (an application records the version it accepted). */
export async function termsVersion(db: Db, kind: TermsKind, version: string) {
  return db
    .selectFrom('terms_text')
    .select(termsColumns)
    .where('kind', '=', kind)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Every version of every text, newest first. */
export async function listTerms(db: Db) {
  return db.selectFrom('terms_text').select(termsColumns).orderBy('id', 'desc').execute();
}

/** A new version; false when that version label is already used for the kind. */
export async function addTermsVersion(
  trx: Transaction<Database>,
  t: { kind: TermsKind; version: string; title_ja: string; title_en: string; body_ja: string; body_en: string },
): Promise<number | undefined> {
  const row = await trx
    .insertInto('terms_text')
    .values(t)
    .onConflict((oc) => oc.columns(['kind', 'version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}
