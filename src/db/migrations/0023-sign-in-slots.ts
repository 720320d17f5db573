// Sign-in delays that hold across parallel requests and instances: each attempt takes
// the next slot of its account (login_throttle.next_attempt_at, with the attempts in
// flight counted as failures), and the addresses an account last signed in from skip
// the queue (sign_in_address), so that the owner is not kept out by someone guessing.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table login_throttle add column pending integer not null default 0`.execute(db);
  await sql`alter table login_throttle add column next_attempt_at timestamptz`.execute(db);
  await sql`create table sign_in_address (
    key text primary key,
    last_success_at timestamptz not null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table sign_in_address`.execute(db);
  await sql`alter table login_throttle drop column next_attempt_at`.execute(db);
  await sql`alter table login_throttle drop column pending`.execute(db);
}
