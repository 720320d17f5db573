// The SSH public keys of an account as its holder manages them. A key added or
// removed here is `adding` / `removing` until a job has written the account's keys
// to the directory; the directory then holds exactly the `adding` and `active` ones
// (the key's state machine is in domain/account-state.ts).
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { sshKeyMachine } from '../domain/account-state.js';
import type { Database } from './schema.js';
import type { AccountTables } from './schema-accounts.js';

type Db = Kysely<Database> | Transaction<Database>;
export type AccountSshKey = Selectable<AccountTables['account_ssh_key']>;

export async function sshKeysOf(db: Db, accountId: number): Promise<AccountSshKey[]> {
  return db.selectFrom('account_ssh_key').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

/**
 * Adds a key (or takes back the removal of the same key not yet applied). Undefined
 * when the account has this key already.
 */
export async function addSshKey(
  trx: Transaction<Database>,
  k: { accountId: number; publicKey: string; fingerprint: string },
): Promise<AccountSshKey | undefined> {
  return trx
    .insertInto('account_ssh_key')
    .values({ account_id: k.accountId, public_key: k.publicKey, fingerprint: k.fingerprint, state: 'adding' })
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'fingerprint'])
        .doUpdateSet({ state: 'adding', public_key: k.publicKey, added_at: sql`now()`, applied_at: null })
        .where('account_ssh_key.state', 'in', sshKeyMachine.into('adding')),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Marks a key of this account for removal; undefined when it is not this account's (or already going). */
export async function removeSshKey(
  trx: Transaction<Database>,
  accountId: number,
  keyId: number,
): Promise<AccountSshKey | undefined> {
  return trx
    .updateTable('account_ssh_key')
    .set({ state: 'removing' })
    .where('id', '=', keyId)
    .where('account_id', '=', accountId)
    .where('state', 'in', sshKeyMachine.into('removing'))
    .returningAll()
    .executeTakeFirst();
}

/** The key of a newly provisioned account, already in the directory. */
export async function recordProvisionedKey(
  trx: Transaction<Database>,
  k: { accountId: number; publicKey: string; fingerprint: string },
): Promise<void> {
  await trx
    .insertInto('account_ssh_key')
    .values({
      account_id: k.accountId,
      public_key: k.publicKey,
      fingerprint: k.fingerprint,
      state: 'active',
      applied_at: sql`now()`,
    })
    .onConflict((oc) => oc.columns(['account_id', 'fingerprint']).doNothing())
    .execute();
}

/**
 * After the directory got the keys read in `seen`: those added are active, those
 * removed are gone. Rows changed since (another change, another job) are left alone.
 */
export async function markSshKeysApplied(trx: Transaction<Database>, seen: AccountSshKey[]): Promise<void> {
  const added = seen.filter((k) => k.state === 'adding').map((k) => k.id);
  const removed = seen.filter((k) => k.state === 'removing').map((k) => k.id);
  if (added.length)
    await trx
      .updateTable('account_ssh_key')
      .set({ state: 'active', applied_at: sql`now()` })
      .where('id', 'in', added)
      .where('state', 'in', sshKeyMachine.into('active'))
      .execute();
  if (removed.length)
    await trx.deleteFrom('account_ssh_key').where('id', 'in', removed).where('state', '=', 'removing').execute();
}
