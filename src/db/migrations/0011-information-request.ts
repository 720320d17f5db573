// Requests for more information: what staff asked, which steps of the form it
// reopens, the applicant's link (token hashed), and, once answered, what changed.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('information_request')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('steps', sql`text[]`, (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('before', 'jsonb', (c) => c.notNull())
    .addColumn('answered_at', 'timestamptz')
    .addColumn('changes', 'jsonb')
    .execute();
  await db.schema
    .createIndex('information_request_app_idx')
    .on('information_request')
    .column('application_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('information_request').execute();
}
