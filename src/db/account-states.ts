// Moves of accounts through their state machine (domain/account-state.ts): the only
// place that changes account.state. Each move takes the rows it may move (their state
// is one the machine allows into the new one) under a row lock, changes them and
// records the move in account_event, in the caller's transaction.
import { type Kysely, type SelectQueryBuilder, sql, type Transaction, type UpdateObject } from 'kysely';
import { type AccountLockReason, type AccountState, accountMachine } from '../domain/account-state.js';
import type { Division } from '../domain/provisioning.js';
import type { WebhookEventType } from '../domain/webhooks.js';
import type { Database } from './schema.js';
import { queueWebhookEvents } from './webhooks.js';

export interface AccountMove {
  /** Who made it: 'system' for jobs, `staff:<id>`, `holder:<account>`. */
  actor: string;
  /** Why the account is locked or ended (kept on the account and in the event). */
  reason?: AccountLockReason | null;
  at?: Date;
  /** Other columns set with the move. */
  set?: Omit<UpdateObject<Database, 'account'>, 'state' | 'id'>;
}

export interface MovedAccount {
  id: number;
  uid: string;
  division: Division;
  application_id: number;
  valid_through: number | null;
  from: AccountState;
}

type Candidates = SelectQueryBuilder<Database, 'account', { id: number; state: AccountState }>;

/**
 * Moves the accounts `which` picks, among those whose state may move to `to`, and
 * returns them with the state they left. Accounts in another state are left alone
 * (a repeat of the move changes nothing).
 */
export async function moveAccounts(
  trx: Transaction<Database>,
  to: AccountState,
  move: AccountMove,
  which: (q: Candidates) => Candidates,
): Promise<MovedAccount[]> {
  const rows = await which(
    trx.selectFrom('account').select(['id', 'state']).where('state', 'in', accountMachine.into(to)),
  )
    .orderBy('id')
    .forUpdate()
    .execute();
  if (rows.length === 0) return [];
  const from = new Map(rows.map((r) => [r.id, r.state]));
  const at = move.at ?? sql<Date>`now()`;
  const moved = await trx
    .updateTable('account')
    .set({
      ...move.set,
      state: to,
      ...(move.reason !== undefined ? { locked_reason: move.reason, locked_at: move.reason ? at : null } : {}),
    })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .returning(['id', 'uid', 'division', 'application_id', 'valid_through'])
    .execute();
  await trx
    .insertInto('account_event')
    .values(
      moved.map((a) => ({
        account_id: a.id,
        from_state: from.get(a.id) ?? null,
        to_state: to,
        reason: move.reason ?? null,
        actor: move.actor,
        at,
      })),
    )
    .execute();
  // The centre's tools hear of it (webhooks), in the same transaction. (Nothing moves
  // into provisioning: the table has no move there.)
  const event = (was: AccountState | undefined): WebhookEventType =>
    to === 'active'
      ? was === 'provisioning'
        ? 'account.provisioned'
        : 'account.unlocked'
      : to === 'locked'
        ? 'account.locked'
        : 'account.ended';
  await queueWebhookEvents(
    trx,
    moved.map((a) => ({
      type: event(from.get(a.id)),
      data: { uid: a.uid, division: a.division, state: to, reason: move.reason ?? null },
    })),
    move.at,
  );
  return moved.map((a) => ({ ...a, from: from.get(a.id) as AccountState }));
}

/** An account's moves, oldest first. */
export async function accountEvents(db: Kysely<Database> | Transaction<Database>, accountId: number) {
  return db.selectFrom('account_event').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}
