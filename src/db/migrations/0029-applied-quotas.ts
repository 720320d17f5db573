// What sc-account last set as each user's and group's quota beyond a new account's
// 1 TB (the `quota` table keeps that one): the usage plan's quotas as the quota job
// applied them, by command or recorded only. `reconcile` compares it with the ledger.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('applied_quota')
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('user', 'group')`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('ga', 'pg', 'archive')`))
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull().check(sql`bytes >= 0`))
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('applied_quota_pk', ['scope', 'subject', 'kind'])
    .execute();
  await db.schema.createIndex('applied_quota_group_idx').on('applied_quota').column('group_name').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('applied_quota').execute();
}
