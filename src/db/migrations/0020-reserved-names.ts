// The reserved account names of a database made before the list had one source:
// migration 0003 seeded a short list of its own, so names like wheel, sudo, docker,
// slurm and systemd_* were accepted as desired account names. Adds every name of
// the list (src/domain/account-name.ts) that is missing; names staff added stay, and
// one staff removed comes back (these protect system accounts: remove it again if
// it must go).
import type { Kysely } from 'kysely';
import { defaultReservedNames } from '../../domain/account-name.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db
    .insertInto('reserved_account_name' as never)
    .values(defaultReservedNames.map((name) => ({ name })) as never)
    .onConflict((oc) => oc.column('name' as never).doNothing())
    .execute();
}

export async function down(): Promise<void> {
  // Which names came from here cannot be told apart from those staff added: nothing to undo.
}
