// The account's life goes through its state machine (domain/account-state.ts): every
// move the jobs make is one the table allows, is recorded in account_event with its
// reason and actor, and a move from a state the table does not allow changes nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it, test } from 'node:test';
import { sql } from 'kysely';
import { endAccountsBySuspension } from '../src/db/account-requests.js';
import { accountEvents, moveAccounts } from '../src/db/account-states.js';
import { activateAccount, ensureAccount } from '../src/db/accounts.js';
import { createDraft } from '../src/db/applications.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest, migrator } from '../src/db/migrate.js';
import { markNotRenewed, markUnlocked } from '../src/db/renewal.js';
import { forEachDatabase } from './helpers/databases.js';

forEachDatabase('account lifecycle', (database) => {
  it('records each move with its reason, and refuses the moves the table does not have', async () => {
    const { db } = database();
    const app = await db
      .transaction()
      .execute((trx) =>
        createDraft(trx, { email: 'life@inst.example.jp', specialReason: null, lang: 'en', expiresAt: new Date() }),
      );
    const account = await db
      .transaction()
      .execute((trx) => ensureAccount(trx, { applicationId: app.id, division: 'ga', uid: 'life', groupName: 'g' }));
    // made once: a repeat of the approval's step makes no second account or event
    await db
      .transaction()
      .execute((trx) => ensureAccount(trx, { applicationId: app.id, division: 'ga', uid: 'life', groupName: 'g' }));
    const state = async () =>
      await db
        .selectFrom('account')
        .select(['state', 'locked_reason'])
        .where('id', '=', account.id)
        .executeTakeFirstOrThrow();

    // Not yet in the directory: nothing can lock or end it.
    await db.transaction().execute(async (trx) => {
      assert.deepEqual(await markNotRenewed(trx, [account.id], 2099, new Date()), []);
      await endAccountsBySuspension(trx, app.id, new Date());
    });
    assert.deepEqual(await state(), { state: 'provisioning', locked_reason: null });

    await db.transaction().execute((trx) => activateAccount(trx, account.id, 1000, 2026));
    // the provisioning job run again records its quota and makes no move
    await db.transaction().execute((trx) => activateAccount(trx, account.id, 2000, 2026));
    const quota = await db
      .selectFrom('account')
      .select('quota_bytes')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(quota.quota_bytes), 2000);
    const lockedAt = new Date('2027-06-01T00:00:00Z');
    const locked = await db.transaction().execute((trx) => markNotRenewed(trx, [account.id], 2027, lockedAt));
    assert.deepEqual(
      locked.map((a) => [a.uid, a.from]),
      [['life', 'active']],
    );
    assert.deepEqual(await state(), { state: 'locked', locked_reason: 'not_renewed' });
    // a provisioning job that runs late must not unlock it
    await db.transaction().execute((trx) => activateAccount(trx, account.id, 3000, 2026));
    assert.deepEqual(await state(), { state: 'locked', locked_reason: 'not_renewed' });

    await db.transaction().execute((trx) => markUnlocked(trx, [account.id]));
    await db.transaction().execute((trx) => endAccountsBySuspension(trx, app.id, new Date('2027-07-01T00:00:00Z')));
    assert.deepEqual(await state(), { state: 'ended', locked_reason: 'suspended' });
    // Ended is for good: neither unlocking nor activating brings it back.
    await db.transaction().execute(async (trx) => {
      await markUnlocked(trx, [account.id]);
      await activateAccount(trx, account.id, 1000, 2026);
      assert.deepEqual(await moveAccounts(trx, 'active', { actor: 'test' }, (q) => q.where('id', '=', account.id)), []);
    });
    assert.deepEqual(await state(), { state: 'ended', locked_reason: 'suspended' });

    const events = await accountEvents(db, account.id);
    assert.deepEqual(
      events.map((e) => [e.from_state, e.to_state, e.reason, e.actor]),
      [
        [null, 'provisioning', null, 'system'],
        ['provisioning', 'active', null, 'system'],
        ['active', 'locked', 'not_renewed', 'system'],
        ['locked', 'active', null, 'system'],
        ['active', 'ended', 'suspended', 'system'],
      ],
    );
    assert.equal(events[2]?.at.toISOString(), lockedAt.toISOString());
  });
});

test('migration 0025 starts the history of the accounts made before it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sc-mig-'));
  const handle = await openDatabase({ dataDir, databaseUrl: undefined });
  try {
    assert.equal((await migrator(handle.db).migrateTo('0024-staff-failures')).error, undefined);
    const app = await handle.db
      .transaction()
      .execute((trx) =>
        createDraft(trx, { email: 'old@inst.example.jp', specialReason: null, lang: 'ja', expiresAt: new Date() }),
      );
    await sql`insert into account (application_id, division, uid, group_name, state, locked_reason, locked_at)
      values (${app.id}, 'ga', 'old', 'g', 'locked', 'not_renewed', '2026-06-01T00:00:00Z'),
             (${app.id}, 'pg', 'old-pg', 'g', 'active', null, null)`.execute(handle.db);
    await migrateToLatest(handle.db);
    const rows = await handle.db
      .selectFrom('account_event')
      .innerJoin('account', 'account.id', 'account_event.account_id')
      .select(['uid', 'from_state', 'to_state', 'reason', 'at'])
      .orderBy('uid')
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.uid, r.from_state, r.to_state, r.reason]),
      [
        ['old', null, 'locked', 'not_renewed'],
        ['old-pg', null, 'active', null],
      ],
    );
    assert.equal(rows[0]?.at.toISOString(), '2026-06-01T00:00:00.000Z');
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
