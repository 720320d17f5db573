// The instances running on one database. Each records itself at start and every half
// minute (`seen_at`), and removes its row when it stops. Before it listens, an instance
// looks for a live one (seen within INSTANCE_LIVE_MS) whose SESSION_SECRET differs from
// its own: the two would each refuse the other's cookies (sessions, CSRF tokens) and
// could not open the initial passwords the other sealed, so people would be signed out
// and forms refused at random, depending on which instance the proxy chose.
import type { Kysely } from 'kysely';
import type { Database, InstanceTable } from './schema.js';

/** An instance not seen for this long has stopped (killed, or its machine lost). */
export const INSTANCE_LIVE_MS = 90_000;
/** How often a running instance records that it is alive. */
export const INSTANCE_HEARTBEAT_MS = 30_000;

export type InstanceRow = Omit<InstanceTable, 'started_at' | 'seen_at'>;

/** Live instances other than `id` whose secret is not `fingerprint`. */
export async function instancesWithOtherSecret(db: Kysely<Database>, id: string, fingerprint: string, now: Date) {
  return db
    .selectFrom('instance')
    .select(['id', 'host', 'port', 'version', 'seen_at'])
    .where('id', '<>', id)
    .where('secret_fingerprint', '<>', fingerprint)
    .where('seen_at', '>', new Date(now.getTime() - INSTANCE_LIVE_MS))
    .execute();
}

/** Records the instance as alive now (inserted at its first call). */
export async function recordInstance(db: Kysely<Database>, row: InstanceRow, now: Date): Promise<void> {
  await db
    .insertInto('instance')
    .values({ ...row, started_at: now, seen_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ seen_at: now, port: row.port }))
    .execute();
}

/** Rows of instances long gone (killed, so never removed): the regular sweep. */
export async function deleteGoneInstances(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .deleteFrom('instance')
    .where('seen_at', '<', new Date(now.getTime() - 24 * 3600_000))
    .execute();
}

export async function removeInstance(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('instance').where('id', '=', id).execute();
}

/** The live instances, oldest first (for `sc-account instances`). */
export async function liveInstances(db: Kysely<Database>, now: Date) {
  return db
    .selectFrom('instance')
    .selectAll()
    .where('seen_at', '>', new Date(now.getTime() - INSTANCE_LIVE_MS))
    .orderBy('started_at')
    .execute();
}
