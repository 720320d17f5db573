// A Continuation being filled in: what the holder has answered so far, kept between
// its pages (and across logins) until it is sent. One per holder and fiscal year.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('renewal_draft')
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('renewal_draft_pk', ['application_id', 'fiscal_year'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('renewal_draft').execute();
}
