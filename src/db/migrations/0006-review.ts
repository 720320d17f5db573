// The review of applications by staff: the review states, a version number for
// optimistic concurrency (two staff acting at once: the second is told the
// application changed), assignment to a staff member, internal comments, and the
// unique indexes that follow the states (one open application per address; account
// names held by applications in review or approved).
import { type Kysely, sql } from 'kysely';

const states = [
  'draft',
  'submitted',
  'information_requested',
  'pledge_sent',
  'pledge_signed',
  'screening',
  'approved',
  'rejected',
  'withdrawn',
  'expired',
];
const review = ['submitted', 'information_requested', 'pledge_sent', 'pledge_signed', 'screening'];
const list = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table application drop constraint application_state_check`.execute(db);
  await sql`alter table application add constraint application_state_check check (state in (${list(states)}))`.execute(
    db,
  );
  await db.schema
    .alterTable('application')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('assigned_to', 'integer', (c) => c.references('staff.id').onDelete('set null'))
    .execute();

  await sql`drop index application_open_email_idx`.execute(db);
  await sql`create unique index application_open_email_idx on application (lower(email)) where state in (${list(['draft', ...review])})`.execute(
    db,
  );
  await sql`drop index application_account_name_idx`.execute(db);
  await sql`create unique index application_account_name_idx on application (account_name) where state in (${list([...review, 'approved'])})`.execute(
    db,
  );
  await db.schema.createIndex('application_state_idx').on('application').columns(['state', 'submitted_at']).execute();

  await db.schema
    .createTable('application_comment')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('application_comment_app_idx')
    .on('application_comment')
    .column('application_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('application_comment').execute();
  await db.schema.dropIndex('application_state_idx').execute();
  await db.schema.alterTable('application').dropColumn('assigned_to').dropColumn('version').execute();
}
