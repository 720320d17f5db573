// The audit log in the database (PGlite and PostgreSQL): append-only, hash-chained,
// and `sc-account audit verify` as an operator runs it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { recordAudit, verifyAudit } from '../src/db/audit.js';
import { openDatabase } from '../src/db/database.js';
import { runCli } from './helpers/cli.js';
import { forEachDatabase } from './helpers/databases.js';

forEachDatabase('audit log', (database) => {
  it('chains entries, refuses UPDATE and DELETE, and verify names the first altered entry', async () => {
    const db = database().db;
    for (let i = 0; i < 12; i++) {
      await recordAudit(db, { actor: 'staff:1', action: 'test.action', subject: `application:${i}`, details: { i } });
    }
    assert.deepEqual(await verifyAudit(db, 5), { entries: 12 });
    await assert.rejects(sql`update audit_log set actor = 'staff:2'`.execute(db), /append-only/);
    await assert.rejects(sql`delete from audit_log`.execute(db), /append-only/);
    const seventh = await db
      .selectFrom('audit_log')
      .select('id')
      .orderBy('id')
      .offset(6)
      .limit(1)
      .executeTakeFirstOrThrow();
    // Someone with the power to switch the trigger off edits an entry: it shows.
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
    await sql`update audit_log set details = '{"i": 99}'::jsonb where id = ${seventh.id}`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
    const result = await verifyAudit(db, 5);
    assert.equal(result.brokenAt, seventh.id);
    assert.equal(result.entries, 6);
  });
});

describe('sc-account staff and audit', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sc-staff-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates, lists, resets and disables staff; verify reports a whole log, then a broken one', async () => {
    const env = { DATA_DIR: dataDir, BASE_URL: 'https://account.example.jp' };
    const created = await runCli(['staff', 'create', '--email', 'Admin@Centre.example.jp', '--role', 'admin'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^Created staff account 1 \(admin\)\./);
    assert.match(created.stdout, /https:\/\/account\.example\.jp\/staff\/enrol\?token=[\w-]{32}\n$/);
    const again = await runCli(['staff', 'create', '--email', 'admin@centre.example.jp', '--role', 'reviewer'], env);
    assert.equal(again.code, 64);
    assert.match(again.stderr, /already has a staff account/);
    const badRole = await runCli(['staff', 'create', '--email', 'x@centre.example.jp', '--role', 'boss'], env);
    assert.equal(badRole.code, 64);
    const reset = await runCli(['staff', 'reset', '--email', 'admin@centre.example.jp'], env);
    assert.match(reset.stdout, /New one-time enrolment link/);
    assert.equal((await runCli(['staff', 'disable', '--email', 'admin@centre.example.jp'], env)).code, 0);
    const list = await runCli(['staff', 'list'], env);
    assert.match(list.stdout, /^ +1 +admin +disabled +Admin@centre\.example\.jp +Admin$/m);

    const verified = await runCli(['audit', 'verify'], env);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /The audit log is whole: 5 entries/);

    const handle = await openDatabase({ dataDir });
    try {
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(handle.db);
      await sql`update audit_log set actor = 'someone else' where id = 2`.execute(handle.db);
    } finally {
      await handle.close();
    }
    const broken = await runCli(['audit', 'verify'], env);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /broken at entry 2/);
  });
});
