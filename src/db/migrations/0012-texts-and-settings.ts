// The rest of the review's records: the applicant's own pledge (a non-resident
// applicant signs one besides the responsible person), what a signed pledge showed
// and its PDF copy, versioned texts of the terms of use and the issuance criteria,
// and settings administrators change in the console (review periods, the mail
// signature).
import { type Kysely, sql } from 'kysely';

const terms = {
  terms_of_use: {
    title_ja: '利用規程',
    title_en: 'Terms of use',
    body_ja: [
      'アカウントは申請者本人だけが使用し、他人と共有しません。',
      '申請した利用目的以外には使用しません。',
      '外国為替及び外国貿易法（外為法）その他の法令と、センターの規程を守ります。',
      '所属、連絡先または責任者が変わったときは、速やかに届け出ます。',
      '毎年度、アカウントの継続手続と成果の報告を行います。継続手続がないアカウントは4月1日からログインできなくなり、6月30日を過ぎるとホームディレクトリが削除されます。',
      '規約に反する利用があったとき、センターはアカウントを停止することがあります。',
      '個人情報はアカウントの管理（ログイン、本人確認、セキュリティ）と利用統計にだけ使われます。',
    ].join('\n'),
    body_en: [
      'The account is used by the applicant alone and is not shared with anyone.',
      'The account is used only for the purpose of use applied for.',
      "The Foreign Exchange and Foreign Trade Act (FEFTA), other laws and the centre's rules are observed.",
      'Changes of affiliation, contact details or responsible person are reported promptly.',
      'The account is renewed every fiscal year with a report of achievements. An account not renewed cannot log in from April 1, and its home directory is deleted after June 30.',
      'The centre may suspend an account used against these terms.',
      'Personal data is used only for access management (login, identity, security) and usage statistics.',
    ].join('\n'),
  },
  issuance_criteria: {
    title_ja: 'アカウント発行基準',
    title_en: 'Account issuance criteria',
    body_ja: [
      'アカウントは外為法の規制の下で発行されます。',
      '発行の対象は、(1) 外為法上の居住者で、大学または公的研究機関の教員・研究職員である方、(2) (1) の方の共同研究者、または (1) の方の指導の下で研究する研究者、学生、業務委託先の方（留学生、海外の研究者を含む）です。',
      '申請者はそれぞれ責任者を届け出ます。責任者は (1) の方でなければなりません。(1) の方は自らの責任者になれます。',
      '申請には所属機関のメールアドレスを使います。',
      '外為法上の非居住者、または経済産業省の「特定類型」に該当する方は、追加の情報による審査を受けます。',
    ].join('\n'),
    body_en: [
      'Accounts are issued under the export controls of the Foreign Exchange and Foreign Trade Act (FEFTA).',
      'Accounts are issued to (1) domestic residents under FEFTA who are faculty members of a university or public research institute, and (2) collaborators of (1), or researchers, students and contractors working under the guidance of (1), international students and overseas researchers included.',
      'Every applicant names a responsible person, who must be of kind (1). An applicant of kind (1) may be their own responsible person.',
      "Applications are made with an address at the applicant's institution.",
      "A non-resident under FEFTA, or a person in METI's specific categories, is screened with extra information.",
    ].join('\n'),
  },
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table pledge_text drop constraint pledge_text_kind_check`.execute(db);
  await sql`alter table pledge_text add constraint pledge_text_kind_check check (kind in ('self', 'vouch', 'applicant'))`.execute(
    db,
  );
  await db
    .insertInto('pledge_text' as never)
    .values({
      kind: 'applicant',
      version: '2024-04-01',
      title_ja: '誓約書（外為法上の非居住者である申請者）',
      title_en: 'Pledge (an applicant who is not a resident under FEFTA)',
      declarations: JSON.stringify([
        { ja: 'このアカウントを他人と共有しません。', en: 'I will not share the account with anyone.' },
        {
          ja: '申請した利用目的以外には使用しません。',
          en: 'I will use the account only for the purpose of use applied for.',
        },
        {
          ja: '外国為替及び外国貿易法（外為法）に反する目的で使用せず、アカウントで得た技術やデータを法令に反して提供しません。',
          en: 'I will not use the account against the Foreign Exchange and Foreign Trade Act (FEFTA), nor pass on technology or data obtained through it against the law.',
        },
        {
          ja: '居住の状況、所属または雇用が変わったときは、速やかに届け出ます。',
          en: 'I will report promptly any change of my residence, affiliation or employment.',
        },
      ]),
    } as never)
    .execute();

  await db.schema.alterTable('pledge').addColumn('shown', 'jsonb').execute();
  await db.schema
    .createTable('pledge_document')
    .addColumn('pledge_id', 'integer', (c) => c.primaryKey().references('pledge.id').onDelete('cascade'))
    .addColumn('pdf', 'bytea', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('terms_text')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('terms_of_use', 'issuance_criteria')`))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('title_ja', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('body_ja', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('terms_text_kind_version', ['kind', 'version'])
    .execute();
  await db
    .insertInto('terms_text' as never)
    .values(Object.entries(terms).map(([kind, text]) => ({ kind, version: '2024-04-01', ...text })) as never)
    .execute();

  await db.schema
    .createTable('setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('setting').execute();
  await db.schema.dropTable('terms_text').execute();
  await db.schema.dropTable('pledge_document').execute();
  await db.schema.alterTable('pledge').dropColumn('shown').execute();
  await sql`delete from pledge_text where kind = 'applicant'`.execute(db);
  await sql`alter table pledge_text drop constraint pledge_text_kind_check`.execute(db);
  await sql`alter table pledge_text add constraint pledge_text_kind_check check (kind in ('self', 'vouch'))`.execute(
    db,
  );
}
