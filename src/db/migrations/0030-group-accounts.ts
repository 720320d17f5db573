// Group and workshop accounts (issue: group and workshop accounts). A group is applied
// for by a person in charge who holds an account and acts for a responsible person's
// group; its participants come by invitation (a one-time link each) and, once staff
// approve them, each becomes an application of its own, approved at once, so that
// provisioning, certificates, the account page, locks and the deletion list are the
// same as for any account. Days are 'YYYY-MM-DD' text (Asia/Tokyo).
import { type Kysely, sql } from 'kysely';

const day = (column: string) => sql`${sql.ref(column)} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;
const list = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('group_account')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('workshop', 'course', 'consortium')`))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull().check(day('starts_on')))
    .addColumn('ends_on', 'text', (c) => c.notNull().check(day('ends_on')))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(
          sql`state in (${list(['draft', 'submitted', 'information_requested', 'approved', 'rejected', 'withdrawn', 'ended'])})`,
        ),
    )
    // The responsible person's group it is applied for, and the holder acting for it.
    .addColumn('responsible_group', 'text', (c) => c.notNull())
    .addColumn('in_charge_account_id', 'integer', (c) => c.notNull().references('account.id'))
    .addColumn('lang', 'text', (c) => c.notNull())
    // Some participants live abroad or fall into METI's specific categories: staff screen.
    .addColumn('needs_screening', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('screening_note', 'text')
    // The responsible person's pledge for the group, signed while signed in.
    .addColumn('pledge_signed_at', 'timestamptz')
    .addColumn('pledge_signed_by', 'integer', (c) => c.references('account.id'))
    .addColumn('pledge_text', 'text')
    // Set at approval: the UNIX group the accounts join and how initial passwords reach them.
    .addColumn('unix_group', 'text')
    .addColumn('handout', 'text', (c) => c.notNull().defaultTo('post').check(sql`handout in ('post', 'sheet')`))
    .addColumn('decision_note', 'text')
    // One extension may be asked for: requested → approved | refused.
    .addColumn('extension_to', 'text', (c) => c.check(day('extension_to')))
    .addColumn('extension_reason', 'text')
    .addColumn('extension_state', 'text', (c) => c.check(sql`extension_state in ('requested', 'approved', 'refused')`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index group_account_state_idx on group_account (state, ends_on)`.execute(db);

  await db.schema
    .createTable('group_participant')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('group_id', 'integer', (c) => c.notNull().references('group_account.id'))
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    // The mailbox as compared (lower case, no +tag for the providers that ignore it).
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('institution', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('free_mail_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('invited')
        .check(sql`state in (${list(['invited', 'confirmed', 'approved', 'provisioned', 'ended', 'removed'])})`),
    )
    // SHA-256 of the one-time link's token; cleared when it is used.
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('token_expires_at', 'timestamptz')
    .addColumn('invited_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('account_name', 'text')
    .addColumn('ssh_public_key', 'text')
    .addColumn('ssh_fingerprint', 'text')
    .addColumn('terms_version', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    // The participant's own application, made when staff approve them.
    .addColumn('application_id', 'integer', (c) => c.unique().references('application.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index group_participant_mailbox_idx on group_participant (group_id, email_key) where state <> 'removed'`.execute(
    db,
  );
  await sql`create unique index group_participant_name_idx on group_participant (account_name) where state = 'confirmed'`.execute(
    db,
  );
  await sql`create index group_participant_group_idx on group_participant (group_id, state)`.execute(db);

  await db.schema
    .createTable('group_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('group_id', 'integer', (c) => c.notNull().references('group_account.id'))
    .addColumn('participant_id', 'integer', (c) => c.references('group_participant.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index group_event_group_idx on group_event (group_id, id)`.execute(db);

  await db.schema
    .alterTable('application')
    .addColumn('group_account_id', 'integer', (c) => c.references('group_account.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application').dropColumn('group_account_id').execute();
  await db.schema.dropTable('group_event').execute();
  await db.schema.dropTable('group_participant').execute();
  await db.schema.dropTable('group_account').execute();
}
