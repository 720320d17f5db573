// Migration 0018 gives every existing account the fiscal year it is valid through, by
// the default calendar: provisioned from April to January 3 → that fiscal year; from
// January 4 (renewal for the next year open) → the next one.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest, migrator } from '../src/db/migrate.js';

test('existing accounts are valid through the fiscal year of their provisioning, or the next from January 4', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sc-mig-'));
  const handle = await openDatabase({ dataDir, databaseUrl: undefined });
  try {
    assert.equal((await migrator(handle.db).migrateTo('0017-reissue')).error, undefined);
    const cases: [string, string, number][] = [
      ['aaa', '2026-06-01T00:00:00+09:00', 2026],
      ['bbb', '2027-01-03T23:59:00+09:00', 2026],
      ['ccc', '2027-01-04T00:00:00+09:00', 2027],
      ['ddd', '2027-03-31T23:59:00+09:00', 2027],
      ['eee', '2027-04-01T00:00:00+09:00', 2027],
    ];
    for (const [uid, at] of cases) {
      const app = await sql<{ id: number }>`
        insert into application (email, lang, steps_done, expires_at)
        values (${`${uid}@example.ac.jp`}, 'ja', '{}', now()) returning id`.execute(handle.db);
      await sql`insert into account (application_id, division, uid, group_name, state, provisioned_at)
        values (${app.rows[0]?.id}, 'ga', ${uid}, 'lab', 'active', ${at}::timestamptz)`.execute(handle.db);
    }
    await migrateToLatest(handle.db);
    const rows = await sql<{ uid: string; valid_through: number }>`
      select uid, valid_through from account order by uid`.execute(handle.db);
    assert.deepEqual(
      rows.rows.map((r) => [r.uid, r.valid_through]),
      cases.map(([uid, , fy]) => [uid, fy]),
    );
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
