// Migration 0034: a group's history records what changed besides a move as a code
// shown in the reader's language; the English notes written before it become codes,
// and what a person wrote stays a note.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest, migrator } from '../src/db/migrate.js';
import { createTestDatabase } from './helpers/postgres.js';

test('the English notes of an older database become codes; notes people wrote stay', async () => {
  const handle = await openDatabase({ databaseUrl: await createTestDatabase(), dataDir: '/nonexistent' });
  try {
    assert.equal((await migrator(handle.db).migrateTo('0033-password-changed')).error, undefined);
    const notes = [
      'pledge signed',
      'extension to 2027-09-30 asked for',
      'extension approved',
      'extension refused',
      'group withdrawn',
      'group refused',
      'Please list the participants’ institutions.',
    ];
    await handle.db.transaction().execute(async (trx) => {
      // The history alone is what the migration reads: no group row behind it.
      await sql`set local session_replication_role = replica`.execute(trx);
      for (const note of notes) {
        await sql`insert into group_event (group_id, from_state, to_state, actor, note) values (1, 'submitted', 'submitted', 'staff:1', ${note})`.execute(
          trx,
        );
      }
    });
    await migrateToLatest(handle.db);
    const rows = await handle.db.selectFrom('group_event').select(['change', 'note']).orderBy('id').execute();
    assert.deepEqual(rows, [
      { change: 'pledge_signed', note: null },
      { change: 'extension_requested', note: null },
      { change: 'extension_approved', note: null },
      { change: 'extension_refused', note: null },
      { change: 'group_withdrawn', note: null },
      { change: 'group_refused', note: null },
      { change: null, note: 'Please list the participants’ institutions.' },
    ]);
  } finally {
    await handle.close();
  }
});
