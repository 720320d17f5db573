// Password recovery flows (see src/web/account/recovery.tsx): a row per attempt with
// the challenge to sign, found by the SHA-256 of the token the browser holds.
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { AccountTables } from './schema-accounts.js';

type Db = Kysely<Database> | Transaction<Database>;
export type PasswordRecovery = Selectable<AccountTables['password_recovery']>;

export async function createRecovery(
  db: Db,
  r: { tokenHash: string; accountId: number | null; accountName: string; challenge: string; expiresAt: Date },
): Promise<PasswordRecovery> {
  return db
    .insertInto('password_recovery')
    .values({
      token_hash: r.tokenHash,
      account_id: r.accountId,
      account_name: r.accountName,
      challenge: r.challenge,
      expires_at: r.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The unexpired, unused flow of a token. */
export async function findRecovery(db: Db, tokenHash: string, now: Date): Promise<PasswordRecovery | undefined> {
  return db
    .selectFrom('password_recovery')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .where('used_at', 'is', null)
    .executeTakeFirst();
}

/** The signature was right: the flow may now set a password (once). */
export async function markRecoveryVerified(db: Db, id: number, keyFingerprint: string): Promise<boolean> {
  const r = await db
    .updateTable('password_recovery')
    .set({ verified_at: sql`now()`, key_fingerprint: keyFingerprint })
    .where('id', '=', id)
    .where('verified_at', 'is', null)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Uses a verified flow up, atomically: a second request with the same token finds nothing. */
export async function useRecovery(trx: Transaction<Database>, id: number, now: Date): Promise<boolean> {
  const r = await trx
    .updateTable('password_recovery')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('verified_at', 'is not', null)
    .where('expires_at', '>', now)
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function deleteOldRecoveries(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('password_recovery').where('expires_at', '<', before).execute();
}
