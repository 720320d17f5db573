// Pledges (誓約書): versioned texts (one kind for a responsible person who is also
// the applicant, one for a responsible person vouching for another applicant), and
// each pledge sent: its personal link (token stored hashed, replaced on resend) and,
// once signed, the version and SHA-256 of the exact text shown, the name typed,
// time, IP address and browser.
import { type Kysely, sql } from 'kysely';

const common = [
  {
    ja: 'このアカウントを他人と共有しません。',
    en: 'The account will not be shared with anyone.',
  },
  {
    ja: '申請した利用目的以外には使用しません。',
    en: 'The account will be used only for the purpose of use applied for.',
  },
  {
    ja: '外国為替及び外国貿易法（外為法）に反する目的で使用しません。',
    en: 'The account will not be used for any purpose against the Foreign Exchange and Foreign Trade Act (FEFTA).',
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pledge_text')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('self', 'vouch')`))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('title_ja', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('declarations', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('pledge_text_kind_version', ['kind', 'version'])
    .execute();
  await db
    .insertInto('pledge_text' as never)
    .values([
      {
        kind: 'self',
        version: '2024-04-01',
        title_ja: '誓約書（申請者本人が責任者の場合）',
        title_en: 'Pledge (the applicant is their own responsible person)',
        declarations: JSON.stringify(common),
      },
      {
        kind: 'vouch',
        version: '2024-04-01',
        title_ja: '誓約書（責任者が申請者について誓約する場合）',
        title_en: 'Pledge (the responsible person vouches for the applicant)',
        declarations: JSON.stringify([
          ...common,
          {
            ja: '申請者の利用内容を理解し、適切に利用するよう指導します。',
            en: 'I understand how the applicant will use the account and will guide them to use it properly.',
          },
        ]),
      },
    ] as never)
    .execute();

  await db.schema
    .createTable('pledge')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('signed_at', 'timestamptz')
    .addColumn('text_id', 'integer', (c) => c.references('pledge_text.id'))
    .addColumn('text_sha256', 'text')
    .addColumn('signer_name', 'text')
    .addColumn('signer_ip', 'text')
    .addColumn('signer_user_agent', 'text')
    .execute();
  await sql`create unique index pledge_application_kind_idx on pledge (application_id, kind)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pledge').execute();
  await db.schema.dropTable('pledge_text').execute();
}
