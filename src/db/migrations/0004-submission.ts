// Submitting an application: the counter behind references (A2026-000123), one row
// per fiscal year, taken under a row lock inside the submitting transaction so two
// submissions never get the same number.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('application_reference_counter')
    .addColumn('fiscal_year', 'integer', (c) => c.primaryKey())
    .addColumn('last_serial', 'integer', (c) => c.notNull().check(sql`last_serial > 0`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('application_reference_counter').execute();
}
