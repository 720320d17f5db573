// The rate limits' counts (src/web/plugins/rate-limit-store.ts): one row per key and
// window, counted up in one statement, so that every instance sees the same count.
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

export interface RateLimitCount {
  /** Requests in the window so far, this one (or these) included. */
  hits: number;
  windowEnds: Date;
}

/** Adds `n` requests to `key`'s window (a new window when the last one has ended). */
export async function countRequests(
  db: Kysely<Database>,
  key: string,
  n: number,
  windowMs: number,
): Promise<RateLimitCount> {
  const ended = sql<boolean>`rate_limit_hit.window_ends <= now()`;
  const row = await db
    .insertInto('rate_limit_hit')
    .values({ key, hits: n, window_ends: sql`now() + ${windowMs} * interval '1 millisecond'` })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql`case when ${ended} then ${n}::integer else rate_limit_hit.hits + ${n}::integer end`,
        window_ends: sql`case when ${ended} then now() + ${windowMs} * interval '1 millisecond' else rate_limit_hit.window_ends end`,
      }),
    )
    .returning(['hits', 'window_ends'])
    .executeTakeFirstOrThrow();
  return { hits: row.hits, windowEnds: row.window_ends };
}

/** Windows that have ended (the regular sweep). */
export async function deleteEndedRateLimits(db: Kysely<Database>): Promise<number> {
  const r = await db.deleteFrom('rate_limit_hit').where('window_ends', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
