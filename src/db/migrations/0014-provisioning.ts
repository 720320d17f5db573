// Provisioning: an approved application becomes accounts (GA, and PG when asked
// for) in the directories, then `provisioned`, and `issued` once its registration
// certificate is posted. UID/GID numbers are allocated here and never reused; the
// initial password is kept sealed (encrypted) only until the certificate is posted.
import { type Kysely, sql } from 'kysely';

const states = [
  'draft',
  'submitted',
  'information_requested',
  'pledge_sent',
  'pledge_signed',
  'screening',
  'approved',
  'provisioned',
  'issued',
  'rejected',
  'withdrawn',
  'expired',
];
const holding = [
  'submitted',
  'information_requested',
  'pledge_sent',
  'pledge_signed',
  'screening',
  'approved',
  'provisioned',
  'issued',
];
const list = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table application drop constraint application_state_check`.execute(db);
  await sql`alter table application add constraint application_state_check check (state in (${list(states)}))`.execute(
    db,
  );
  await sql`drop index application_account_name_idx`.execute(db);
  await sql`create unique index application_account_name_idx on application (account_name) where state in (${list(holding)})`.execute(
    db,
  );
  // The UNIX group the approver confirmed.
  await db.schema.alterTable('application').addColumn('unix_group', 'text').execute();

  await db.schema
    .createTable('account')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id'))
    .addColumn('division', 'text', (c) => c.notNull().check(sql`division in ('ga', 'pg')`))
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('uid_number', 'integer')
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('gid_number', 'integer')
    .addColumn('quota_bytes', 'bigint')
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('provisioning').check(sql`state in ('provisioning', 'active', 'locked', 'ended')`),
    )
    .addColumn('provisioned_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('account_division_uid', ['division', 'uid'])
    .addUniqueConstraint('account_application_division', ['application_id', 'division'])
    .execute();

  await db.schema
    .createTable('posix_id')
    .addColumn('division', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('uid', 'gid')`))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // allocated by sc-account; import: read from the directory; found: in the directory when allocating
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('allocated', 'import', 'found')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('posix_id_pk', ['division', 'kind', 'number'])
    .execute();
  await sql`create unique index posix_id_name_idx on posix_id (division, kind, name)`.execute(db);

  await db.schema
    .createTable('certificate_batch')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('registration_certificate')
    .addColumn('account_id', 'integer', (c) => c.primaryKey().references('account.id'))
    .addColumn('sealed_password', 'bytea')
    .addColumn('ready_at', 'timestamptz')
    .addColumn('batch_id', 'integer', (c) => c.references('certificate_batch.id'))
    .addColumn('posted_at', 'timestamptz')
    .addColumn('posted_by', 'integer', (c) => c.references('staff.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('quota')
    .addColumn('division', 'text', (c) => c.notNull())
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('quota_pk', ['division', 'uid'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('quota').execute();
  await db.schema.dropTable('registration_certificate').execute();
  await db.schema.dropTable('certificate_batch').execute();
  await db.schema.dropTable('posix_id').execute();
  await db.schema.dropTable('account').execute();
  await db.schema.alterTable('application').dropColumn('unix_group').execute();
}
