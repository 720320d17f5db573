// The embedded directory (the default without LDAP_URL): the same users and UNIX
// groups an LDAP directory would hold, per directory ('ga' for the general analysis
// division, 'pg' for the personal genome division), so accounts issued by
// `npm start` are real and `sc-account directory export` can write them as LDIF.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('directory_user')
    .addColumn('directory', 'text', (c) => c.notNull())
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('uid_number', 'integer', (c) => c.notNull())
    .addColumn('gid_number', 'integer', (c) => c.notNull())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('sn', 'text', (c) => c.notNull())
    .addColumn('cn', 'text', (c) => c.notNull())
    .addColumn('mail', 'text', (c) => c.notNull())
    .addColumn('home_directory', 'text', (c) => c.notNull())
    .addColumn('login_shell', 'text', (c) => c.notNull())
    .addColumn('ssh_public_keys', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('password_hash', 'text')
    .addColumn('locked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('directory_user_pk', ['directory', 'uid'])
    .execute();
  await db.schema
    .createTable('directory_group')
    .addColumn('directory', 'text', (c) => c.notNull())
    .addColumn('cn', 'text', (c) => c.notNull())
    .addColumn('gid_number', 'integer', (c) => c.notNull())
    .addColumn('member_uid', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('directory_group_pk', ['directory', 'cn'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('directory_group').execute();
  await db.schema.dropTable('directory_user').execute();
}
