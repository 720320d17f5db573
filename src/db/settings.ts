// Settings by key and the versioned texts of the terms of use and issuance criteria.
// A setting not yet stored answers its default; a stored value that no longer
// parses (an older shape) does too, so a bad row never stops the service.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import {
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
