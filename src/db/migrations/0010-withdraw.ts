// The applicant's link to withdraw an application in review (token stored hashed;
// it works while the application is in review).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('application')
    .addColumn('withdraw_token_hash', 'text', (c) => c.unique())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application').dropColumn('withdraw_token_hash').execute();
}
