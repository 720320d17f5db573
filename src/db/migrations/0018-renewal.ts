// Fiscal-year renewal: the fiscal year each account is valid through (backfilled from
// when it was provisioned, by the default calendar), Continuations with their history
// and achievements, the home directories listed for deletion, and the cache of
// publication lookups (PubMed, Crossref).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('account').addColumn('valid_through', 'integer').execute();
  // The default calendar of the time (Japan is UTC+9 all year): registered from April
  // to January 3, valid through that fiscal year; from January 4, through the next.
  await sql`
    with t as (select id, (coalesce(provisioned_at, created_at) at time zone 'UTC') + interval '9 hours' as wall from account)
    update account set valid_through = case
        when extract(month from t.wall) >= 4 then extract(year from t.wall)::int
        when to_char(t.wall, 'MM-DD') >= '01-04' then extract(year from t.wall)::int
        else extract(year from t.wall)::int - 1
      end
    from t where t.id = account.id`.execute(db);
  await sql`create index account_valid_through_idx on account (valid_through) where state in ('active', 'locked')`.execute(
    db,
  );

  await db.schema
    .createTable('renewal')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('review', 'renewed', 'rejected')`))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('publication', 'text', (c) => c.notNull().check(sql`publication in ('publish', 'postpone')`))
    .addColumn('postpone_reason', 'text')
    .addColumn('no_achievements', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One Continuation per holder and year (a rejected one may be sent again).
  await sql`create unique index renewal_one_idx on renewal (application_id, fiscal_year) where state <> 'rejected'`.execute(
    db,
  );
  await sql`create index renewal_year_idx on renewal (fiscal_year, state)`.execute(db);

  await db.schema
    .createTable('renewal_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('renewal_id', 'integer', (c) => c.notNull().references('renewal.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await sql`create index renewal_event_renewal_idx on renewal_event (renewal_id, id)`.execute(db);

  await db.schema
    .createTable('achievement')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('renewal_id', 'integer', (c) => c.notNull().references('renewal.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('paper', 'conference', 'poster', 'book', 'other')`),
    )
    .addColumn('pmid', 'text')
    .addColumn('doi', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('authors', 'text')
    .addColumn('authors_ja', 'text')
    .addColumn('journal', 'text')
    .addColumn('journal_scope', 'text', (c) => c.check(sql`journal_scope in ('domestic', 'international')`))
    .addColumn('published_on', 'text')
    .addColumn('volume', 'text')
    .addColumn('number', 'text')
    .addColumn('pages', 'text')
    .execute();
  await sql`create unique index achievement_position_idx on achievement (renewal_id, position)`.execute(db);

  await db.schema
    .createTable('home_deletion')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('listed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // listed → done (the hook ran, or recorded only) | failed | cancelled (renewed first).
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('listed').check(sql`state in ('listed', 'done', 'failed', 'cancelled')`),
    )
    .addColumn('via', 'text')
    .addColumn('output', 'text')
    .addColumn('done_at', 'timestamptz')
    .addPrimaryKeyConstraint('home_deletion_pk', ['account_id', 'fiscal_year'])
    .execute();

  await db.schema
    .createTable('publication_cache')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    // null: the service said there is no such work.
    .addColumn('data', 'jsonb')
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('publication_cache_pk', ['source', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('publication_cache').execute();
  await db.schema.dropTable('home_deletion').execute();
  await db.schema.dropTable('achievement').execute();
  await db.schema.dropTable('renewal_event').execute();
  await db.schema.dropTable('renewal').execute();
  await sql`drop index account_valid_through_idx`.execute(db);
  await db.schema.alterTable('account').dropColumn('valid_through').execute();
}
