// Requests of account holders (Modification, Manager Modification, Suspension) with
// their history; a pledge may now belong to a request (the new responsible person's).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account_request')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id'))
    // The account whose holder sent it.
    .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('modification', 'manager', 'suspension')`))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('submitted')
        .check(sql`state in ('submitted', 'information_requested', 'approved', 'rejected', 'withdrawn', 'applied')`),
    )
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    // Staff's question while information is requested, and the holder's answer.
    .addColumn('question', 'text')
    .addColumn('answer', 'text')
    .addColumn('decision_reason', 'text')
    // Manager Modification: the group the approver confirmed.
    .addColumn('group_name', 'text')
    // Suspension: when the account is locked.
    .addColumn('effective_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index account_request_application_idx on account_request (application_id, id desc)`.execute(db);
  await sql`create index account_request_open_idx on account_request (kind, state, id)`.execute(db);
  // One open request of a kind per holder: a second would race the first.
  await sql`create unique index account_request_one_open_idx on account_request (application_id, kind) where state in ('submitted', 'information_requested')`.execute(
    db,
  );

  await db.schema
    .createTable('account_request_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('account_request.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await sql`create index account_request_event_request_idx on account_request_event (request_id, id)`.execute(db);

  await db.schema
    .alterTable('pledge')
    .addColumn('request_id', 'integer', (c) => c.references('account_request.id'))
    .execute();
  await sql`drop index pledge_application_kind_idx`.execute(db);
  await sql`create unique index pledge_application_kind_idx on pledge (application_id, kind) where request_id is null`.execute(
    db,
  );
  await sql`create unique index pledge_request_kind_idx on pledge (request_id, kind) where request_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index pledge_request_kind_idx`.execute(db);
  await sql`drop index pledge_application_kind_idx`.execute(db);
  await db.schema.alterTable('pledge').dropColumn('request_id').execute();
  await sql`create unique index pledge_application_kind_idx on pledge (application_id, kind)`.execute(db);
  await db.schema.dropTable('account_request_event').execute();
  await db.schema.dropTable('account_request').execute();
}
