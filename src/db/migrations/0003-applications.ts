// The public account application: verified e-mail links, the application with its
// state history, the applicant and the responsible person in typed columns, and
// the staff-editable lists the form checks against (free mail domains, reserved
// account names). Personal data is only what the form asks.
import { type Kysely, sql } from 'kysely';
import { defaultReservedNames } from '../../domain/account-name.js';

const freeMailDomains = [
  'gmail.com',
  'googlemail.com',
  'yahoo.co.jp',
  'yahoo.com',
  'ymail.com',
  'outlook.com',
  'outlook.jp',
  'hotmail.com',
  'hotmail.co.jp',
  'live.com',
  'live.jp',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'protonmail.com',
  'proton.me',
  'gmx.com',
  'gmx.de',
  'mail.com',
  'yandex.ru',
  'qq.com',
  '163.com',
  '126.com',
  'naver.com',
  'docomo.ne.jp',
  'ezweb.ne.jp',
  'au.com',
  'softbank.ne.jp',
  'i.softbank.jp',
  'nifty.com',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('free_mail_domain')
    .addColumn('domain', 'text', (c) => c.primaryKey())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db
    .insertInto('free_mail_domain' as never)
    .values(freeMailDomains.map((domain) => ({ domain })) as never)
    .execute();

  await db.schema
    .createTable('reserved_account_name')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db
    .insertInto('reserved_account_name' as never)
    .values(defaultReservedNames.map((name) => ({ name })) as never)
    .execute();

  await db.schema
    .createTable('application')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('reference', 'text', (c) => c.unique())
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`state in ('draft', 'submitted', 'expired')`),
    )
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_special_reason', 'text')
    .addColumn('lang', 'text', (c) => c.notNull().check(sql`lang in ('ja', 'en')`))
    // Account step
    .addColumn('account_name', 'text')
    .addColumn('ssh_public_key', 'text')
    .addColumn('ssh_fingerprint', 'text')
    .addColumn('use_pg', 'boolean', (c) => c.notNull().defaultTo(false))
    // Eligibility (FEFTA) step
    .addColumn('fefta_resident', 'boolean')
    .addColumn('non_resident_reason', 'text')
    .addColumn('meti_specific_category', 'boolean')
    .addColumn('career', 'text')
    .addColumn('employment', 'text')
    .addColumn('intended_period', 'text')
    .addColumn('needs_screening', 'boolean', (c) => c.notNull().defaultTo(false))
    // Check-your-answers step
    .addColumn('terms_version', 'text')
    .addColumn('criteria_version', 'text')
    .addColumn('steps_done', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz')
    .execute();
  // One open application per address: a second start resumes the first.
  await sql`create unique index application_open_email_idx on application (lower(email)) where state in ('draft', 'submitted')`.execute(
    db,
  );
  // Two applications in review cannot ask for the same account name (the race is decided here).
  await sql`create unique index application_account_name_idx on application (account_name) where state = 'submitted'`.execute(
    db,
  );
  await db.schema.createIndex('application_expires_idx').on('application').column('expires_at').execute();

  await db.schema
    .createTable('application_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('application_event_app_idx').on('application_event').column('application_id').execute();

  for (const table of ['applicant', 'responsible_person'] as const) {
    let builder = db.schema
      .createTable(table)
      .addColumn('application_id', 'integer', (c) => c.primaryKey().references('application.id').onDelete('cascade'))
      .addColumn('family_name', 'text')
      .addColumn('given_name', 'text')
      .addColumn('name_ja', 'text')
      .addColumn('job_title', 'text')
      .addColumn('institution', 'text')
      .addColumn('department', 'text')
      .addColumn('country', 'text')
      .addColumn('postal_code', 'text')
      .addColumn('address', 'text')
      .addColumn('phone', 'text')
      .addColumn('phone_extension', 'text');
    if (table === 'applicant') {
      builder = builder
        .addColumn('nationality', 'text')
        .addColumn('field', 'text')
        .addColumn('purpose', 'text')
        .addColumn('jga_id', 'text')
        .addColumn('agd_id', 'text');
    } else {
      builder = builder
        .addColumn('same_as_applicant', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('email', 'text')
        .addColumn('account_name', 'text')
        .addColumn('group_name', 'text')
        .addColumn('account_unknown', 'boolean', (c) => c.notNull().defaultTo(false));
    }
    await builder.execute();
  }

  await db.schema
    .createTable('email_link')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_link_expires_idx').on('email_link').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'email_link',
    'responsible_person',
    'applicant',
    'application_event',
    'application',
    'reserved_account_name',
    'free_mail_domain',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
