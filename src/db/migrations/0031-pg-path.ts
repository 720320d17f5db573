// The personal genome division's path (issue: group and workshop accounts, and the PG
// division's application path): an application that asks for PG states the PG storage
// its group needs (tenths of a TB), which becomes a line of the group's usage plan at
// approval, and confirms that PG is a paid service.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('application')
    .addColumn('pg_storage_tenths', 'integer', (c) => c.check(sql`pg_storage_tenths between 1 and 100000`))
    .addColumn('pg_paid_confirmed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application').dropColumn('pg_storage_tenths').dropColumn('pg_paid_confirmed').execute();
}
