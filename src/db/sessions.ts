// Session rows. Only the SHA-256 of a session token is ever stored or looked up.
import type { Kysely } from 'kysely';
import { json } from './json.js';
import type { Database, Session } from './schema.js';

export interface NewSessionRow {
  id: string;
  audience: string;
  subject: string | null;
  data: Record<string, unknown>;
  now: Date;
  expiresAt: Date;
}

export async function insertSession(db: Kysely<Database>, s: NewSessionRow): Promise<Session> {
  return db
    .insertInto('session')
    .values({
      id: s.id,
      audience: s.audience,
      subject: s.subject,
      data: json(s.data),
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findSession(db: Kysely<Database>, id: string): Promise<Session | undefined> {
  return db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: now }).where('id', '=', id).execute();
}

/** Deletes one session and returns it (so a token can be consumed atomically). */
export async function deleteSession(db: Kysely<Database>, id: string): Promise<Session | undefined> {
  return db.deleteFrom('session').where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteSessionsOf(db: Kysely<Database>, audience: string, subject: string): Promise<number> {
  const rows = await db
    .deleteFrom('session')
    .where('audience', '=', audience)
    .where('subject', '=', subject)
    .returning('id')
    .execute();
  return rows.length;
}

/** Removes sessions past their absolute expiry or idle since before `idleSince`. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date, idleSince: Date): Promise<number> {
  const rows = await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)]))
    .returning('id')
    .execute();
  return rows.length;
}

/** Removes the sessions of one audience idle since before `idleSince` (audiences with a shorter idle timeout). */
export async function deleteIdleSessionsOf(db: Kysely<Database>, audience: string, idleSince: Date): Promise<number> {
  const rows = await db
    .deleteFrom('session')
    .where('audience', '=', audience)
    .where('last_seen_at', '<=', idleSince)
    .returning('id')
    .execute();
  return rows.length;
}
