// A Continuation being filled in (migration 0019): the holder's answers so far, as the
// pages wrote them, kept until it is sent. The web layer checks what it reads back.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function readRenewalDraft(db: Db, applicationId: number, fiscalYear: number): Promise<unknown> {
  const row = await db
    .selectFrom('renewal_draft')
    .select('data')
    .where('application_id', '=', applicationId)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
  return row?.data;
}

export async function writeRenewalDraft(db: Db, applicationId: number, fiscalYear: number, data: unknown) {
  const json = JSON.stringify(data);
  await db
    .insertInto('renewal_draft')
    .values({ application_id: applicationId, fiscal_year: fiscalYear, data: json })
    .onConflict((oc) =>
      oc.columns(['application_id', 'fiscal_year']).doUpdateSet({ data: json, updated_at: new Date() }),
    )
    .execute();
}

export async function deleteRenewalDrafts(db: Db, applicationId: number, throughYear: number) {
  await db
    .deleteFrom('renewal_draft')
    .where('application_id', '=', applicationId)
    .where('fiscal_year', '<=', throughYear)
    .execute();
}
