// Staff lock an account at once (a key thought compromised, a breach of the terms of
// use) and unlock it again, as one use case for the console (web/staff/accounts.tsx),
// the API (POST /api/v1/accounts/{id}/lock|unlock) and the CLI (`sc-account accounts`).
// The move goes through the account's state machine, the holder's web sessions end,
// the directory follows by a job, the holder is mailed and the move is audited.
// Only a lock staff set is lifted here: a renewal lock lifts by renewing.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { moveAccounts } from '../db/account-states.js';
import type { Database } from '../db/schema.js';
import { deleteSessionsOf } from '../db/sessions.js';
import { type Account, getAccount } from '../db/user-accounts.js';
import { accountLockReasons, accountStates } from '../domain/account-state.js';
import { checkText } from '../domain/text.js';
import { enqueueLockSync } from '../jobs/handlers/account.js';
import type { Outbox } from '../mail/outbox.js';
import { recordHolderChange } from './holder-changes.js';

export interface AccountLockDeps {
  db: Kysely<Database>;
  outbox: Outbox;
  pokeJobs(): void;
}

export const lockInput = z
  .object({
    reason: z
      .string()
      .max(20_000)
      .describe('why, mailed to the holder and kept in the audit log (plain text, at most 1,000 characters)'),
  })
  .strict()
  .meta({ id: 'AccountLock' });

export const unlockInput = z.object({}).strict().meta({ id: 'AccountUnlock' });

export const lockResult = z
  .object({
    id: z.number().int(),
    uid: z.string(),
    state: z.enum(accountStates),
    lockedReason: z.enum(accountLockReasons).nullable(),
  })
  .meta({ id: 'AccountLockResult' });

export type LockOutcome =
  | { ok: true; account: Account }
  /** No such account. */
  | { ok: false; problem: 'NOT_FOUND' }
  /** Lock: the account is not active. Unlock: it is not locked by staff. */
  | { ok: false; problem: 'NOT_ALLOWED'; account: Account }
  /** The reason is missing or not plain text. */
  | { ok: false; problem: 'REASON' };

export async function lockAccount(
  deps: AccountLockDeps,
  actor: string,
  accountId: number,
  raw: z.input<typeof lockInput>,
): Promise<LockOutcome> {
  const input = lockInput.parse(raw);
  const before = await getAccount(deps.db, accountId);
  if (!before) return { ok: false, problem: 'NOT_FOUND' };
  const reason = checkText(input.reason, { max: 1000, multiline: true });
  if (!reason.ok) return { ok: false, problem: 'REASON' };
  const moved = await deps.db.transaction().execute(async (trx) => {
    const [done] = await moveAccounts(trx, 'locked', { actor, reason: 'staff' }, (q) =>
      q.where('id', '=', accountId).where('state', '=', 'active'),
    );
    if (!done) return false;
    // Pages already open close with the lock, as the directory's logins do.
    await deleteSessionsOf(trx, 'user', String(accountId));
    await enqueueLockSync(trx, accountId, `staff-lock:${Date.now()}`);
    await recordHolderChange(trx, deps.outbox, before, {
      mail: 'lockedByStaff',
      action: 'account.locked',
      detail: reason.value,
      actor,
    });
    return true;
  });
  const after = (await getAccount(deps.db, accountId)) as Account;
  if (!moved) return { ok: false, problem: 'NOT_ALLOWED', account: after };
  deps.pokeJobs();
  return { ok: true, account: after };
}

export async function unlockAccount(
  deps: AccountLockDeps,
  actor: string,
  accountId: number,
  raw: z.input<typeof unlockInput> = {},
): Promise<LockOutcome> {
  unlockInput.parse(raw);
  const before = await getAccount(deps.db, accountId);
  if (!before) return { ok: false, problem: 'NOT_FOUND' };
  const moved = await deps.db.transaction().execute(async (trx) => {
    const [done] = await moveAccounts(trx, 'active', { actor, reason: null }, (q) =>
      q.where('id', '=', accountId).where('state', '=', 'locked').where('locked_reason', '=', 'staff'),
    );
    if (!done) return false;
    await enqueueLockSync(trx, accountId, `staff-unlock:${Date.now()}`);
    await recordHolderChange(trx, deps.outbox, before, { mail: 'unlockedByStaff', action: 'account.unlocked', actor });
    return true;
  });
  const after = (await getAccount(deps.db, accountId)) as Account;
  if (!moved) return { ok: false, problem: 'NOT_ALLOWED', account: after };
  deps.pokeJobs();
  return { ok: true, account: after };
}
