// The staff queue's text search: a tsvector of an application's reference, e-mail
// address, account name and the applicant's names and institution ('simple'
// configuration: no stemming, so names and Japanese text match as written, by
// prefix), filled when the application is sent, with a GIN index; and the indexes
// behind the newest-first pages and the counts per state.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table application add column search tsvector`.execute(db);
  await sql`create index application_search_idx on application using gin (search)`.execute(db);
  await sql`update application set search = to_tsvector('simple', concat_ws(' ', application.reference,
      application.email, application.account_name, applicant.family_name, applicant.given_name, applicant.name_ja,
      applicant.institution))
    from applicant where applicant.application_id = application.id and application.state <> 'draft'`.execute(db);
  await db.schema.createIndex('application_submitted_idx').on('application').columns(['submitted_at', 'id']).execute();
  // Counts per state read this small index alone (B-tree deduplication keeps it tiny).
  await db.schema.createIndex('application_state_count_idx').on('application').column('state').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('application_state_count_idx').execute();
  await db.schema.dropIndex('application_submitted_idx').execute();
  await sql`drop index application_search_idx`.execute(db);
  await sql`alter table application drop column search`.execute(db);
}
