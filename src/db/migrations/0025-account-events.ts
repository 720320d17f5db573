// The account's life as a state machine (domain/account-state.ts): every move is
// recorded in account_event, as applications, requests and jobs record theirs. The
// accounts made before start their history with one event for the state they are in.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('account_event_account_idx').on('account_event').column('account_id').execute();
  await sql`
    insert into account_event (account_id, from_state, to_state, reason, actor, at)
    select id, null, state, locked_reason, 'system', coalesce(locked_at, provisioned_at, created_at)
    from account order by id
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_event').execute();
}
