// The account holder's side of accounts: finding the account a person signs in
// with (the accounts of the same person: accountsOf in accounts.ts).
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { AccountTables } from './schema-accounts.js';

type Db = Kysely<Database> | Transaction<Database>;
export type Account = Selectable<AccountTables['account']>;

/** The account of that name that was provisioned (GA first: a GA name never ends in -pg). */
export async function findAccountByName(db: Db, name: string): Promise<Account | undefined> {
  return db
    .selectFrom('account')
    .selectAll()
    .where('uid', '=', name)
    .where('state', '<>', 'provisioning')
    .orderBy('division')
    .executeTakeFirst();
}

export async function getAccount(db: Db, id: number): Promise<Account | undefined> {
  return db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the account's row for the rest of the transaction (changes that must not interleave). */
/** Records that the account's password changed now (a holder's change, a recovery, a reissue). */
export async function markPasswordChanged(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('account').set({ password_changed_at: at }).where('id', '=', id).execute();
}

export async function lockAccountRow(trx: Transaction<Database>, id: number): Promise<void> {
  await trx.selectFrom('account').select('id').where('id', '=', id).forUpdate().execute();
}

/** The names of an application's accounts that are active or locked, by division. */
export async function liveAccountNames(db: Db, applicationId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('account')
    .select('uid')
    .where('application_id', '=', applicationId)
    .where('state', 'in', ['active', 'locked'])
    .orderBy('division')
    .execute();
  return rows.map((r) => r.uid);
}
