// Counts of failed sign-ins by key (see src/domain/login-throttle.ts): read before a
// sign-in is checked, raised after a failure, cleared after a success.
import { type Kysely, sql, type Transaction } from 'kysely';
import { THROTTLE_LOCK_MS, THROTTLE_WINDOW_MS } from '../domain/login-throttle.js';
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
