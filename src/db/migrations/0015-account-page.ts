// The account holder's page: the SSH keys of an account as the user manages them
// (the directory gets them by a job), sign-in throttling, password recovery by an
// SSH signature, and why an account is locked.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('account')
    // not_renewed, suspended, staff …: what the locked page tells the user.
    .addColumn('locked_reason', 'text')
    .addColumn('locked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('account_ssh_key')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    // adding: not yet in the directory; active: in it; removing: to be taken out of it.
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('adding', 'active', 'removing')`))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('applied_at', 'timestamptz')
    .addUniqueConstraint('account_ssh_key_fingerprint', ['account_id', 'fingerprint'])
    .execute();
  // Accounts made before this migration: the key of their application is in the directory.
  await sql`
    insert into account_ssh_key (account_id, public_key, fingerprint, state, added_at, applied_at)
    select account.id, application.ssh_public_key, application.ssh_fingerprint, 'active',
           coalesce(account.provisioned_at, account.created_at), account.provisioned_at
    from account join application on application.id = account.application_id
    where account.state <> 'provisioning' and application.ssh_public_key is not null
      and application.ssh_fingerprint is not null
  `.execute(db);

  await db.schema
    .createTable('login_throttle')
    // account:<name>, pair:<name>|<ip> or ip:<ip>
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_failure_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_until', 'timestamptz')
    .execute();

  await db.schema
    .createTable('password_recovery')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // SHA-256 of the token in the browser's form; the challenge to sign is shown, not secret.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // null for a name that is no account: the flow looks the same and fails at the signature.
    .addColumn('account_id', 'integer', (c) => c.references('account.id'))
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('challenge', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('verified_at', 'timestamptz')
    // The registered key whose signature was accepted (told in the mail).
    .addColumn('key_fingerprint', 'text')
    .addColumn('used_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_recovery').execute();
  await db.schema.dropTable('login_throttle').execute();
  await db.schema.dropTable('account_ssh_key').execute();
  await db.schema.alterTable('account').dropColumn('locked_at').dropColumn('locked_reason').execute();
}
