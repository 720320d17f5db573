// A Reissue request (a new registration certificate by post for a holder without
// password or SSH key), and the certificate row remembers the request it was
// reissued for, so that the job sets one new password however often it runs.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table account_request drop constraint account_request_kind_check`.execute(db);
  await sql`alter table account_request add constraint account_request_kind_check check (kind in ('modification', 'manager', 'suspension', 'reissue'))`.execute(
    db,
  );
  await db.schema
    .alterTable('registration_certificate')
    .addColumn('reissue_request_id', 'integer', (c) => c.references('account_request.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('registration_certificate').dropColumn('reissue_request_id').execute();
  await sql`delete from account_request_event where request_id in (select id from account_request where kind = 'reissue')`.execute(
    db,
  );
  await sql`delete from account_request where kind = 'reissue'`.execute(db);
  await sql`alter table account_request drop constraint account_request_kind_check`.execute(db);
  await sql`alter table account_request add constraint account_request_kind_check check (kind in ('modification', 'manager', 'suspension'))`.execute(
    db,
  );
}
