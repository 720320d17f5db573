// The account holder's side of accounts: finding the account a person signs in
// with, and the accounts (GA, PG) that belong to the same person.
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

/** Every account of the person (the application) the account belongs to. */
export async function accountsOfHolder(db: Db, account: Pick<Account, 'application_id'>): Promise<Account[]> {
  return db
    .selectFrom('account')
    .selectAll()
    .where('application_id', '=', account.application_id)
    .orderBy('division')
    .execute();
}
