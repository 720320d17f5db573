// Closures of the application system and acceptance of new applications per
// division/service, each with a bilingual notice. Seeded with the suspension of
// 2022-05-13 (new PG accounts and new GA large-scale storage).
import { type Kysely, sql } from 'kysely';

const announcement = 'https://sc.ddbj.nig.ac.jp/en/blog/2022-05-13-suspension-of-applications';
const suspendedSince = '2022-05-13T00:00:00+09:00';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('closure_window')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reason_ja', 'text', (c) => c.notNull())
    .addColumn('reason_en', 'text', (c) => c.notNull())
    .addColumn('logins_allowed', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('closure_window_ends_after_start', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('closure_window_ends_idx').on('closure_window').column('ends_at').execute();

  await db.schema
    .createTable('service_acceptance')
    .addColumn('service', 'text', (c) =>
      c.primaryKey().check(sql`service in ('ga_account', 'ga_large_storage', 'pg', 'workshop')`),
    )
    .addColumn('accepting', 'boolean', (c) => c.notNull())
    .addColumn('notice_ja', 'text')
    .addColumn('notice_en', 'text')
    .addColumn('announcement_url', 'text')
    .addColumn('since', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A suspension always tells people why, in both languages.
    .addCheckConstraint(
      'service_acceptance_suspension_has_notice',
      sql`accepting or (notice_ja is not null and notice_en is not null)`,
    )
    .execute();

  await db
    .insertInto('service_acceptance')
    .values([
      { service: 'ga_account', accepting: true },
      {
        service: 'ga_large_storage',
        accepting: false,
        notice_ja:
          '2022年5月13日から、一般解析区画の大規模ストレージ（1 TB を超える利用）の新規申請の受付を停止しています。すでに大規模利用をしている方の追加の申請は引き続き受け付けています。',
        notice_en:
          'Since 13 May 2022, new applications for large-scale storage (more than 1 TB) in the general analysis division are suspended. Users who already have large-scale storage can still apply for more.',
        announcement_url: announcement,
        since: suspendedSince,
      },
      {
        service: 'pg',
        accepting: false,
        notice_ja:
          '2022年5月13日から、個人ゲノム解析区画の新規利用申請の受付を停止しています。すでに個人ゲノム解析区画を利用している方の追加の申請は引き続き受け付けています。',
        notice_en:
          'Since 13 May 2022, new applications for the personal genome analysis division are suspended. Users who already use the personal genome analysis division can still apply for more resources.',
        announcement_url: announcement,
        since: suspendedSince,
      },
      { service: 'workshop', accepting: true },
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('service_acceptance').execute();
  await db.schema.dropTable('closure_window').execute();
}
