// What a group's history entry records beside a move, as a code the pages put in the
// reader's language (pledge signed, an extension asked for or decided, participants
// removed with their group); `note` keeps only what a person wrote. The English
// notes the services wrote before become codes.
import { type Kysely, sql } from 'kysely';

const codes: [string, string][] = [
  ['pledge signed', 'pledge_signed'],
  ['group withdrawn', 'group_withdrawn'],
  ['group refused', 'group_refused'],
  ['extension approved', 'extension_approved'],
  ['extension refused', 'extension_refused'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('group_event')
    .addColumn('change', 'text', (c) =>
      c.check(
        sql`change in ('pledge_signed', 'extension_requested', 'extension_approved', 'extension_refused', 'group_withdrawn', 'group_refused')`,
      ),
    )
    .execute();
  for (const [note, code] of codes) {
    await sql`update group_event set change = ${code}, note = null where note = ${note}`.execute(db);
  }
  await sql`update group_event set change = 'extension_requested', note = null where note like 'extension to % asked for'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('group_event').dropColumn('change').execute();
}
