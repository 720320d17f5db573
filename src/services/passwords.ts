// A holder's new password as a use case (the Password page, the end of a recovery):
// the hash the account's directory takes, sealed and sent by a job, every session of
// the account ended, the holder mailed, the change audited, in one transaction.
import type { Kysely } from 'kysely';
import type { Argon2Params } from '../argon2.js';
import { useRecovery } from '../db/password-recovery.js';
import type { Database } from '../db/schema.js';
import { deleteSessionsOf } from '../db/sessions.js';
import type { Account } from '../db/user-accounts.js';
import { directoryPasswordHash } from '../directory/password-hash.js';
import type { PasswordScheme } from '../domain/password-scheme.js';
import type { Division } from '../domain/provisioning.js';
import { enqueuePasswordChange } from '../jobs/handlers/account.js';
import type { Outbox } from '../mail/outbox.js';
import type { AccountChange } from '../mail/templates/account.js';
import type { SecretBox } from '../secret-box.js';
import { recordHolderChange } from './holder-changes.js';

export interface PasswordDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  passwordHashes: SecretBox;
  argon2: Argon2Params;
  /** The scheme each division's directory keeps passwords in. */
  schemes: Record<Division, PasswordScheme>;
  pokeJobs(): void;
}

/**
 * Sets the holder's new password (checked by its page against the policy); returns
 * the directory job's id, to tell when it is applied. At the end of a recovery
 * (`recoveryId`) the recovery is used up in the same transaction: undefined when it
 * was used meanwhile, and nothing changes.
 */
export async function setHolderPassword(
  deps: PasswordDeps,
  account: Account,
  password: string,
  change: { mail: AccountChange; action: string; detail?: string; key: string; recoveryId?: number },
): Promise<{ jobId: number | undefined } | undefined> {
  const sealed = deps.passwordHashes.seal(
    await directoryPasswordHash(password, deps.schemes[account.division], deps.argon2),
  );
  const done = await deps.db.transaction().execute(async (trx) => {
    if (change.recoveryId !== undefined && !(await useRecovery(trx, change.recoveryId, new Date()))) return undefined;
    const id = await enqueuePasswordChange(trx, account.id, sealed, change.key);
    await recordHolderChange(trx, deps.outbox, account, {
      mail: change.mail,
      action: change.action,
      ...(change.detail ? { detail: change.detail } : {}),
    });
    // Whoever knew the old password is signed out everywhere.
    await deleteSessionsOf(trx, 'user', String(account.id));
    return { jobId: id };
  });
  if (done) deps.pokeJobs();
  return done;
}
