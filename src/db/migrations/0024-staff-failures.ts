// Staff sign-in failures are counted with the holders' in login_throttle (by account,
// pair and address); the staff member's own count and lock, which let anyone keep them
// out, are no longer read or written.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table staff drop column failed_logins, drop column locked_until`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table staff add column failed_logins integer not null default 0, add column locked_until timestamptz`.execute(
    db,
  );
}
