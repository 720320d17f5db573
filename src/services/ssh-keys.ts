// An account's SSH keys as use cases: the holder adds one or removes one on the account
// page (web/account/ssh-keys.tsx), and staff revoke one thought compromised (the API's
// POST /api/v1/accounts/{id}/revoke-key). The directory gets the whole list by a job;
// the holder is mailed every change; every change is audited.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { type AccountSshKey, addSshKey, removeSshKey, sshKeysOf } from '../db/ssh-keys.js';
import { type Account, getAccount, lockAccountRow } from '../db/user-accounts.js';
import { sshKeyInDirectory } from '../domain/account-state.js';
import { containsPrivateKey } from '../domain/private-key.js';
import { checkSshPublicKey, type SshPublicKeyProblem } from '../domain/ssh-public-key.js';
import { enqueueSshKeySync } from '../jobs/handlers/account.js';
import type { Outbox } from '../mail/outbox.js';
import { recordHolderChange } from './holder-changes.js';

export interface SshKeyDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  pokeJobs(): void;
}

export type AddKeyOutcome =
  | { ok: true; key: AccountSshKey }
  /** The text's problem (PRIVATE_KEY: never kept, never shown again), or a key the account has. */
  | { ok: false; problem: SshPublicKeyProblem | 'DUPLICATE' };

/** The holder adds a public key (the same rules as the application's). */
export async function addHolderKey(deps: SshKeyDeps, account: Account, text: string): Promise<AddKeyOutcome> {
  // A private key anywhere in the text is refused before any other reading of it.
  if (containsPrivateKey(text)) return { ok: false, problem: 'PRIVATE_KEY' };
  const key = checkSshPublicKey(text);
  if (!key.ok) return { ok: false, problem: key.code };
  const added = await deps.db.transaction().execute(async (trx) => {
    const row = await addSshKey(trx, {
      accountId: account.id,
      publicKey: key.key.line,
      fingerprint: key.key.fingerprint,
    });
    if (!row) return undefined;
    await enqueueSshKeySync(trx, account.id, `add:${row.id}:${row.added_at.getTime()}`);
    await recordHolderChange(trx, deps.outbox, account, {
      mail: 'sshKeyAdded',
      action: 'account.ssh_key.added',
      detail: key.key.fingerprint,
    });
    return row;
  });
  if (!added) return { ok: false, problem: 'DUPLICATE' };
  deps.pokeJobs();
  return { ok: true, key: added };
}

export type RemoveKeyOutcome =
  | { ok: true; key: AccountSshKey }
  /** The holder's last key stays (they would lose their way in). */
  | { ok: false; problem: 'LAST' }
  /** Not a key of this account in the directory (removed meanwhile). */
  | { ok: false; problem: 'GONE' };

/** Removes one key; a holder cannot remove their last, staff revoking a key can. */
async function removeKey(
  deps: SshKeyDeps,
  account: Account,
  pick: (keys: AccountSshKey[]) => AccountSshKey | undefined,
  by: { actor?: string; keepLast: boolean },
): Promise<RemoveKeyOutcome> {
  const result = await deps.db.transaction().execute(async (trx): Promise<RemoveKeyOutcome> => {
    // Locked so that two removals at once cannot take away the last two keys.
    await lockAccountRow(trx, account.id);
    const left = (await sshKeysOf(trx, account.id)).filter((k) => sshKeyInDirectory(k.state));
    const key = pick(left);
    if (!key) return { ok: false, problem: 'GONE' };
    if (by.keepLast && left.length <= 1) return { ok: false, problem: 'LAST' };
    const removed = await removeSshKey(trx, account.id, key.id);
    if (!removed) return { ok: false, problem: 'GONE' };
    await enqueueSshKeySync(trx, account.id, `remove:${removed.id}:${Date.now()}`);
    await recordHolderChange(trx, deps.outbox, account, {
      mail: by.actor ? 'sshKeyRevoked' : 'sshKeyRemoved',
      action: by.actor ? 'account.ssh_key.revoked' : 'account.ssh_key.removed',
      detail: removed.fingerprint,
      ...(by.actor ? { actor: by.actor } : {}),
    });
    return { ok: true, key: removed };
  });
  if (result.ok) deps.pokeJobs();
  return result;
}

/** The holder removes one of their keys (not the last). */
export function removeHolderKey(deps: SshKeyDeps, account: Account, keyId: number): Promise<RemoveKeyOutcome> {
  return removeKey(deps, account, (keys) => keys.find((k) => k.id === keyId), { keepLast: true });
}

export const revokeKeyInput = z
  .object({
    fingerprint: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}$/)
      .describe('the key’s SHA256 fingerprint, as `ssh-keygen -l` shows it'),
  })
  .strict()
  .meta({ id: 'KeyRevocation' });

export const revokeKeyResult = z
  .object({ accountId: z.number().int(), fingerprint: z.string(), keysLeft: z.number().int() })
  .meta({ id: 'KeyRevocationResult' });

/**
 * Staff revoke a key (found on a public repository, a lost laptop): it leaves the
 * directory even when it is the account's last, and the holder is mailed.
 */
export async function revokeKey(
  deps: SshKeyDeps,
  actor: string,
  accountId: number,
  raw: z.input<typeof revokeKeyInput>,
): Promise<RemoveKeyOutcome | { ok: false; problem: 'NOT_FOUND' }> {
  const input = revokeKeyInput.parse(raw);
  const account = await getAccount(deps.db, accountId);
  if (!account) return { ok: false, problem: 'NOT_FOUND' };
  return removeKey(deps, account, (keys) => keys.find((k) => k.fingerprint === input.fingerprint), {
    actor,
    keepLast: false,
  });
}
