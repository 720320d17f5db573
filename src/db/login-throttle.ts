// Counts of failed sign-ins by key (see src/domain/login-throttle.ts): read before a
// sign-in is checked, raised after a failure, cleared after a success.
import { type Kysely, sql, type Transaction } from 'kysely';
import {
  KNOWN_ADDRESS_MS,
  lockAfter,
  MAX_ATTEMPT_WAIT_MS,
  nextAttemptSlot,
  THROTTLE_LOCK_MS,
  THROTTLE_WINDOW_MS,
  type ThrottleScope,
  throttleKey,
} from '../domain/login-throttle.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
}

/** The failures still counting and any lock in force, by key (absent keys: none). */
export async function loginThrottles(db: Db, keys: string[], now: Date): Promise<Map<string, ThrottleState>> {
  const rows = await db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
  const since = now.getTime() - THROTTLE_WINDOW_MS;
  return new Map(
    rows.map((r) => [
      r.key,
      {
        failures: r.last_failure_at.getTime() < since ? 0 : r.failures,
        lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until : null,
      },
    ]),
  );
}

/** One more failure for `key` (a quiet window starts the count again); locked when it reaches `lockAfter`. */
export async function recordLoginFailure(
  db: Db,
  key: string,
  now: Date,
  lockAfter: number | null,
): Promise<ThrottleState & { lockedNow: boolean }> {
  const stale = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const count = sql<number>`case when login_throttle.last_failure_at < ${stale} then 1 else login_throttle.failures + 1 end`;
  const lockAt = new Date(now.getTime() + THROTTLE_LOCK_MS);
  const row = await db
    .insertInto('login_throttle')
    .values({ key, failures: 1, last_failure_at: now, locked_until: lockAfter === 1 ? lockAt : null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: count,
        last_failure_at: now,
        locked_until:
          lockAfter === null
            ? sql`login_throttle.locked_until`
            : sql`case when ${count} >= ${lockAfter} and (login_throttle.locked_until is null or login_throttle.locked_until <= ${now}) then ${lockAt}::timestamptz else login_throttle.locked_until end`,
      }),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
  const lockedUntil = row.locked_until && row.locked_until > now ? row.locked_until : null;
  return {
    failures: row.failures,
    lockedUntil,
    lockedNow: lockedUntil !== null && lockedUntil.getTime() === lockAt.getTime(),
  };
}

export async function forgetLoginFailures(db: Db, keys: string[]): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
}

/** Rows that neither count nor lock any more (the regular sweep). */
export async function deleteStaleLoginThrottles(db: Db, now: Date): Promise<number> {
  const r = await db
    .deleteFrom('login_throttle')
    .where('last_failure_at', '<', new Date(now.getTime() - THROTTLE_WINDOW_MS))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export type AttemptSlot = { granted: true; waitMs: number } | { granted: false; retryAfterMs: number };

/**
 * Takes the account's next attempt slot (see src/domain/login-throttle.ts), in one
 * transaction with the row locked, so that parallel attempts on any instance queue.
 * A granted slot must be given back with `releaseAttemptSlot` when the attempt is done.
 */
export async function takeAttemptSlot(db: Kysely<Database>, key: string, now: Date): Promise<AttemptSlot> {
  return db.transaction().execute(async (trx) => {
    // Made if missing and locked in one statement: an insert that did nothing and a
    // select after it left a moment in which a sign-in that succeeded could delete the
    // row (forgetLoginFailures), and the select found none.
    const row = await trx
      .insertInto('login_throttle')
      .values({ key, failures: 0, last_failure_at: now, pending: 0 })
      .onConflict((oc) => oc.column('key').doUpdateSet({ key: (eb) => eb.ref('excluded.key') }))
      .returningAll()
      .executeTakeFirstOrThrow();
    const since = now.getTime() - THROTTLE_WINDOW_MS;
    // Nothing for a quiet while: failures and attempts left in flight (a crash) no longer count.
    const quiet = row.last_failure_at.getTime() < since && (row.next_attempt_at?.getTime() ?? 0) < since;
    const failures = quiet ? 0 : row.failures;
    const inFlight = quiet ? 0 : row.pending;
    const slot = nextAttemptSlot(now.getTime(), row.next_attempt_at?.getTime() ?? null, failures, inFlight);
    if (slot - now.getTime() > MAX_ATTEMPT_WAIT_MS) return { granted: false, retryAfterMs: slot - now.getTime() };
    await trx
      .updateTable('login_throttle')
      .set({ pending: inFlight + 1, next_attempt_at: new Date(slot), ...(quiet ? { failures: 0 } : {}) })
      .where('key', '=', key)
      .execute();
    return { granted: true, waitMs: slot - now.getTime() };
  });
}

/** The attempt that took a slot is done (its failure, if any, is recorded apart). */
export async function releaseAttemptSlot(db: Db, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({ pending: sql`greatest(pending - 1, 0)` })
    .where('key', '=', key)
    .execute();
}

/** The address (a pair key) signed in: it skips the account's queue from now on. */
export async function rememberSignInAddress(db: Db, pairKey: string, now: Date): Promise<void> {
  await db
    .insertInto('sign_in_address')
    .values({ key: pairKey, last_success_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ last_success_at: now }))
    .execute();
}

export async function isKnownSignInAddress(db: Db, pairKey: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_address')
    .select('key')
    .where('key', '=', pairKey)
    .where('last_success_at', '>', new Date(now.getTime() - KNOWN_ADDRESS_MS))
    .executeTakeFirst();
  return row !== undefined;
}

/** Addresses not signed in from for KNOWN_ADDRESS_MS (the regular sweep). */
export async function deleteOldSignInAddresses(db: Db, now: Date): Promise<number> {
  const r = await db
    .deleteFrom('sign_in_address')
    .where('last_success_at', '<', new Date(now.getTime() - KNOWN_ADDRESS_MS))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface SignInAttempt {
  keys: Record<ThrottleScope, string>;
  /** The pair or the address is locked: nothing is checked, not even the right password. */
  paused: boolean;
  /** Refused at once: the account's queue is longer than MAX_ATTEMPT_WAIT_MS. */
  queued: boolean;
  /** How long to wait before checking. */
  waitMs: number;
  /** A slot was taken (release it with finishSignIn). */
  slot: boolean;
}

const scopes: ThrottleScope[] = ['account', 'pair', 'ip'];

/** Before a sign-in is checked: locks, the known address, the account's slot. */
export async function beginSignIn(db: Kysely<Database>, name: string, ip: string, now: Date): Promise<SignInAttempt> {
  const keys = Object.fromEntries(scopes.map((s) => [s, throttleKey(s, name, ip)])) as Record<ThrottleScope, string>;
  const throttles = await loginThrottles(db, [keys.pair, keys.ip], now);
  const paused = Boolean(throttles.get(keys.pair)?.lockedUntil || throttles.get(keys.ip)?.lockedUntil);
  if (paused || !name || (await isKnownSignInAddress(db, keys.pair, now)))
    return { keys, paused, queued: false, waitMs: 0, slot: false };
  const slot = await takeAttemptSlot(db, keys.account, now);
  return slot.granted
    ? { keys, paused, queued: false, waitMs: slot.waitMs, slot: true }
    : { keys, paused, queued: true, waitMs: 0, slot: false };
}

/** After a sign-in was checked (or refused unchecked): counts, locks, the known address. */
export async function finishSignIn(
  db: Kysely<Database>,
  attempt: SignInAttempt,
  outcome: 'ok' | 'failed' | 'unchecked',
  now: Date,
): Promise<{ pausedNow: boolean }> {
  let pausedNow = false;
  if (outcome === 'failed') {
    for (const scope of scopes) {
      const r = await recordLoginFailure(db, attempt.keys[scope], now, lockAfter[scope]);
      pausedNow ||= r.lockedNow;
    }
  }
  if (attempt.slot) await releaseAttemptSlot(db, attempt.keys.account);
  if (outcome === 'ok') {
    await forgetLoginFailures(db, [attempt.keys.account, attempt.keys.pair]);
    await rememberSignInAddress(db, attempt.keys.pair, now);
  }
  return { pausedNow };
}

export interface SignInActivity {
  /** Failed sign-ins on the account in the last quiet window, wherever from. */
  failures: number;
  lastFailureAt: Date | null;
  /** Addresses that failed on it, with their count and any pause in force. */
  addresses: { address: string; failures: number; lastFailureAt: Date; pausedUntil: Date | null }[];
}

/** What a person may see of the guesses at their own account (`name` as in throttleKey). */
export async function signInActivity(db: Db, name: string, now: Date): Promise<SignInActivity> {
  const prefix = `pair:${name}|`;
  const rows = await db
    .selectFrom('login_throttle')
    .selectAll()
    .where((eb) =>
      eb.or([eb('key', '=', `account:${name}`), eb(sql<string>`left(key, ${prefix.length})`, '=', prefix)]),
    )
    .execute();
  const since = now.getTime() - THROTTLE_WINDOW_MS;
  const account = rows.find((r) => r.key === `account:${name}`);
  const recent = account && account.last_failure_at.getTime() >= since && account.failures > 0;
  return {
    failures: recent ? account.failures : 0,
    lastFailureAt: recent ? account.last_failure_at : null,
    addresses: rows
      .filter((r) => r.key.startsWith(prefix) && r.failures > 0)
      .filter((r) => r.last_failure_at.getTime() >= since || (r.locked_until && r.locked_until > now))
      .map((r) => ({
        address: r.key.slice(prefix.length),
        failures: r.failures,
        lastFailureAt: r.last_failure_at,
        pausedUntil: r.locked_until && r.locked_until > now ? r.locked_until : null,
      }))
      .sort((a, b) => b.lastFailureAt.getTime() - a.lastFailureAt.getTime()),
  };
}

/** Lifts the pause (and forgets the failures) of one address on one account. True when there was one. */
export async function liftSignInPause(db: Db, name: string, address: string): Promise<boolean> {
  const r = await db.deleteFrom('login_throttle').where('key', '=', `pair:${name}|${address}`).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
