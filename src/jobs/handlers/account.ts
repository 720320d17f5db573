// Changes to an account written to the directory: the holder's SSH keys (the whole
// list, as the database has it when the job runs, so jobs of several changes may run
// in any order and twice), a new password hash, and a lock staff set or lifted.

import type { Kysely, Transaction } from 'kysely';
import { enqueueJob, hasNewerJob } from '../../db/jobs.js';
import type { Database } from '../../db/schema.js';
import { markSshKeysApplied, sshKeysOf } from '../../db/ssh-keys.js';
import { getAccount, markPasswordChanged } from '../../db/user-accounts.js';
import type { Directory } from '../../directory/directory.js';
import { sshKeyInDirectory } from '../../domain/account-state.js';
import type { Division } from '../../domain/provisioning.js';
import type { SecretBox } from '../../secret-box.js';
import type { JobHandler } from '../worker.js';

export const SSH_KEYS_JOB = 'account.ssh-keys';
export const PASSWORD_JOB = 'account.password';
export const LOCK_JOB = 'account.lock';

/**
 * The directory's lock follows the account's state when the job runs (locked or
 * ended: locked; active: unlocked), so lock and unlock jobs may run in any order and twice.
 */
export async function enqueueLockSync(trx: Transaction<Database>, accountId: number, change: string) {
  await enqueueJob(trx, {
    kind: LOCK_JOB,
    key: `lock:${accountId}:${change}`,
    payload: { accountId },
    maxAttempts: 8,
  });
}

/** One job per change (`change`: what was done, e.g. `add:12`); each writes the current list. */
export async function enqueueSshKeySync(trx: Transaction<Database>, accountId: number, change: string) {
  await enqueueJob(trx, {
    kind: SSH_KEYS_JOB,
    key: `ssh-keys:${accountId}:${change}`,
    payload: { accountId },
    maxAttempts: 8,
  });
}

/** The new hash travels sealed: the job table is no place for a crackable hash. */
export async function enqueuePasswordChange(
  trx: Transaction<Database>,
  accountId: number,
  sealedHash: Buffer,
  change: string,
): Promise<number | undefined> {
  await markPasswordChanged(trx, accountId, new Date());
  return enqueueJob(trx, {
    kind: PASSWORD_JOB,
    key: `password:${accountId}:${change}`,
    payload: { accountId, hash: sealedHash.toString('base64') },
    maxAttempts: 8,
  });
}

export function accountJobHandlers(deps: {
  db: Kysely<Database>;
  directories: Record<Division, Directory>;
  passwordHashes: SecretBox;
}): Record<string, JobHandler> {
  const { db } = deps;
  return {
    [SSH_KEYS_JOB]: async (job) => {
      const { accountId } = job.payload as { accountId: number };
      const account = await getAccount(db, accountId);
      if (!account) return;
      const keys = await sshKeysOf(db, accountId);
      await deps.directories[account.division].setSshKeys(
        account.uid,
        keys.filter((k) => sshKeyInDirectory(k.state)).map((k) => k.public_key),
      );
      await db.transaction().execute((trx) => markSshKeysApplied(trx, keys));
    },
    [LOCK_JOB]: async (job) => {
      const { accountId } = job.payload as { accountId: number };
      const account = await getAccount(db, accountId);
      if (!account || account.state === 'provisioning') return;
      const directory = deps.directories[account.division];
      if (account.state === 'active') await directory.unlock(account.uid);
      else await directory.lock(account.uid);
    },
    [PASSWORD_JOB]: async (job) => {
      const { accountId, hash } = job.payload as { accountId: number; hash: string };
      const account = await getAccount(db, accountId);
      if (!account) return;
      // A later change queued meanwhile wins: this older one must not undo it.
      if (await hasNewerJob(db, PASSWORD_JOB, job.id, `password:${accountId}:`)) return;
      await deps.directories[account.division].setPasswordHash(
        account.uid,
        deps.passwordHashes.open(Buffer.from(hash, 'base64')),
      );
    },
  };
}
