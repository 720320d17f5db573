// One list of reserved account names (src/domain/account-name.ts): a new database
// holds all of it, and migration 0020 adds what an older database's short seed lacked.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { reservedAccountNames } from '../src/db/applications.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest, migrator } from '../src/db/migrate.js';
import { checkAccountName, defaultReservedNames } from '../src/domain/account-name.js';

const shortSeed = ['root', 'admin', 'daemon', 'bin', 'nobody', 'postgres'];

test('every reserved name of the list reaches a new and an upgraded database, and names like wheel are refused', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sc-mig-'));
  const handle = await openDatabase({ dataDir, databaseUrl: undefined });
  try {
    // An older database: the seed of its time, and a name staff added.
    assert.equal((await migrator(handle.db).migrateTo('0019-renewal-draft')).error, undefined);
    await sql`delete from reserved_account_name`.execute(handle.db);
    for (const name of [...shortSeed, 'centre-tool']) {
      await sql`insert into reserved_account_name (name) values (${name})`.execute(handle.db);
    }
    assert.equal(checkAccountName('wheel', await reservedAccountNames(handle.db)).ok, true, 'before: accepted');

    await migrateToLatest(handle.db);
    const names = await reservedAccountNames(handle.db);
    for (const name of defaultReservedNames) assert.ok(names.includes(name), name);
    assert.ok(names.includes('centre-tool'), "staff's own names stay");
    for (const name of ['wheel', 'sudo', 'docker', 'slurm', 'systemd_timesync']) {
      assert.deepEqual(checkAccountName(name, names), { ok: false, code: 'ACCOUNT_NAME_RESERVED' }, name);
    }
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a new database starts with the whole list', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sc-mig-'));
  const handle = await openDatabase({ dataDir, databaseUrl: undefined });
  try {
    assert.equal((await migrator(handle.db).migrateTo('0003-applications')).error, undefined);
    assert.deepEqual((await reservedAccountNames(handle.db)).sort(), [...defaultReservedNames].sort());
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
