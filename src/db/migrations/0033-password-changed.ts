// When an account's password was last changed (by its holder, a recovery or a
// reissue): until a replicated directory's consumer has surely received the change,
// a sign-in is checked against the provider (src/directory/replicated-directory.ts).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('account').addColumn('password_changed_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('account').dropColumn('password_changed_at').execute();
}
