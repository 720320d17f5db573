// Usage plans, the quotas they set and the prices they are charged at (issue: usage
// plans, storage quotas and billing). A plan belongs to a responsible person's group;
// each change is a version with its own state and events. Quotas keep their history
// (a row per stretch in force) because charges are prorated by days. Prices are kept
// per fiscal year, with dated revisions. Days are 'YYYY-MM-DD' text (Asia/Tokyo).
import { type Kysely, sql } from 'kysely';

const day = (column: string) => sql`${sql.ref(column)} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('price_table')
    .addColumn('fiscal_year', 'integer', (c) => c.primaryKey())
    .addColumn('ga_free_tenths', 'integer', (c) => c.notNull().check(sql`ga_free_tenths >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('price_revision')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull().references('price_table.fiscal_year'))
    .addColumn('starts_on', 'text', (c) => c.notNull().check(day('starts_on')))
    .addColumn('ga_per_block', 'integer', (c) => c.notNull().check(sql`ga_per_block >= 0`))
    .addColumn('pg_per_block', 'integer', (c) => c.notNull().check(sql`pg_per_block >= 0`))
    .addColumn('archive_per_block', 'integer', (c) => c.notNull().check(sql`archive_per_block >= 0`))
    .addColumn('tax_percent', 'integer', (c) => c.notNull().check(sql`tax_percent between 0 and 100`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('price_revision_day', ['fiscal_year', 'starts_on'])
    .execute();
  await db.schema
    .createTable('service_catalogue')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[a-z][a-z0-9_]{1,39}$'`))
    .addColumn('name_ja', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('unit_ja', 'text', (c) => c.notNull())
    .addColumn('unit_en', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('service_price')
    .addColumn('revision_id', 'integer', (c) => c.notNull().references('price_revision.id'))
    .addColumn('code', 'text', (c) => c.notNull().references('service_catalogue.code'))
    .addColumn('yen_per_year', 'integer', (c) => c.notNull().check(sql`yen_per_year >= 0`))
    .addPrimaryKeyConstraint('service_price_pk', ['revision_id', 'code'])
    .execute();

  await db.schema
    .createTable('usage_plan')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('division', 'text', (c) => c.notNull().check(sql`division in ('ga', 'pg')`))
    .addColumn('group_name', 'text', (c) => c.notNull())
    // Already a large-scale user (an approved plan above 1 TB per user, or set by staff
    // for those who were before): the suspension since 2022-05-13 does not apply.
    .addColumn('large_scale', 'boolean', (c) => c.notNull().defaultTo(false))
    // The yearly amount above which the person and staff are told (yen, tax included).
    .addColumn('alert_yen', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('usage_plan_group', ['division', 'group_name'])
    .execute();
  await db.schema
    .createTable('usage_plan_delegate')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('usage_plan.id'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id'))
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('usage_plan_delegate_pk', ['plan_id', 'account_id'])
    .execute();
  await db.schema
    .createTable('usage_plan_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('usage_plan.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(sql`state in ('submitted', 'changes_requested', 'approved', 'rejected', 'withdrawn', 'superseded')`),
    )
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('filed_by', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'text')
    // What staff wrote with their decision: the changes asked for, the reason refused.
    .addColumn('staff_message', 'text')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('usage_plan_version_number', ['plan_id', 'number'])
    .execute();
  await db.schema
    .createIndex('usage_plan_version_state_idx')
    .on('usage_plan_version')
    .columns(['state', 'filed_at'])
    .execute();
  await db.schema
    .createTable('usage_plan_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('version_id', 'integer', (c) => c.notNull().references('usage_plan_version.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // A quota in force from one day to another (open-ended while it lasts). Approving a
  // version ends the stretches it changes and starts new ones.
  await db.schema
    .createTable('storage_quota')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('usage_plan.id'))
    .addColumn('version_id', 'integer', (c) => c.references('usage_plan_version.id'))
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('user', 'group')`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('ga', 'pg', 'archive')`))
    .addColumn('tenths', 'integer', (c) => c.notNull().check(sql`tenths >= 0`))
    .addColumn('starts_on', 'text', (c) => c.notNull().check(day('starts_on')))
    .addColumn('ends_on', 'text', (c) => c.check(day('ends_on')))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('storage_quota_order', sql`ends_on is null or ends_on >= starts_on`)
    .execute();
  await db.schema.createIndex('storage_quota_plan_idx').on('storage_quota').columns(['plan_id', 'starts_on']).execute();
  // Groups bundled by a secondary group: charged on their total, apportioned by quota.
  await db.schema
    .createTable('billing_bundle')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('secondary_group', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('billing_bundle_member')
    .addColumn('bundle_id', 'integer', (c) => c.notNull().references('billing_bundle.id'))
    .addColumn('group_name', 'text', (c) => c.notNull().unique())
    .addPrimaryKeyConstraint('billing_bundle_member_pk', ['bundle_id', 'group_name'])
    .execute();
  // A paid service booked by an approved version, for the plan's period.
  await db.schema
    .createTable('service_booking')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('usage_plan.id'))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('usage_plan_version.id'))
    .addColumn('code', 'text', (c) => c.notNull().references('service_catalogue.code'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('starts_on', 'text', (c) => c.notNull().check(day('starts_on')))
    .addColumn('ends_on', 'text', (c) => c.notNull().check(day('ends_on')))
    .addCheckConstraint('service_booking_order', sql`ends_on >= starts_on`)
    .execute();
  await db.schema
    .createIndex('service_booking_plan_idx')
    .on('service_booking')
    .columns(['plan_id', 'starts_on'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'billing_bundle_member',
    'billing_bundle',
    'service_booking',
    'storage_quota',
    'usage_plan_event',
    'usage_plan_version',
    'usage_plan_delegate',
    'usage_plan',
    'service_price',
    'service_catalogue',
    'price_revision',
    'price_table',
  ])
    await db.schema.dropTable(table).execute();
}
