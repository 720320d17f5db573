// Request counts of the rate limits, shared by every instance on the database: with
// counts kept in each process, N instances allowed N times each limit.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table rate_limit_hit (
    key text primary key,
    hits integer not null,
    window_ends timestamptz not null
  )`.execute(db);
  await sql`create index rate_limit_hit_window_ends on rate_limit_hit (window_ends)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rate_limit_hit`.execute(db);
}
