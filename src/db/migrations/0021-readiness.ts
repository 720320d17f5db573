// One row that /readyz writes: a database that answers but cannot write (a full disk,
// a read-only standby) is not ready.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table readiness_check (id integer primary key, checked_at timestamptz not null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table readiness_check`.execute(db);
}
