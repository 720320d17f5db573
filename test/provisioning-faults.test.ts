// Provisioning survives failures, on a real PostgreSQL: COUNT applications approved at
// once (30 in npm test, 100 in npm run test:faults), then slapd is killed (SIGKILL) in the middle of their provisioning and
// started again; and, separately, the app process itself is killed mid-batch and
// started again. Either way every application ends provisioned, each account is in
// the directory exactly once, no UID number is used twice and no job is lost.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { argon2Defaults } from '../src/argon2.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { createEmbeddedDirectory } from '../src/directory/embedded-directory.js';
import { createSecretBox } from '../src/secret-box.js';
import { startTestApp } from './helpers/app.js';
import { startBundledServer } from './helpers/bundle.js';
import { createTestDatabase, freePort } from './helpers/postgres.js';
import { approveSeeded } from './helpers/review.js';
import { projectRoot } from './helpers/root.js';
import { sized } from './helpers/size.js';
import { startSlapd } from './helpers/slapd.js';
import { waitFor } from './helpers/wait.js';

const COUNT = sized(100, 30);
const _root = projectRoot;

/**
 * Passwords hashed at the production cost: each account takes as long as it would in
 * production (about half a second), so the kills land in the middle of the batch.
 */
const productionArgon2 = {
  ARGON2_MEMORY_KIB: String(argon2Defaults.memoryCost),
  ARGON2_TIME_COST: String(argon2Defaults.timeCost),
  ARGON2_PARALLELISM: String(argon2Defaults.parallelism),
};

const approveMany = (db: Kysely<Database>) => approveSeeded(db, COUNT, 'suzuki-lab');

const provisionedCount = async (db: Kysely<Database>) =>
  Number(
    (
      await db
        .selectFrom('application')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('state', '=', 'provisioned')
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Provisioning of every application under faults may take a while on a loaded machine. */
const waitForProvisioning = (what: string, check: () => Promise<boolean>) => waitFor(what, check, 180_000);

/** Every job done (none failed or lost), one account per application, no UID twice. */
async function assertAllProvisionedOnce(db: Kysely<Database>, uidNumbers: number[]) {
  assert.equal(await provisionedCount(db), COUNT);
  const jobs = await db.selectFrom('job').select(['state', 'kind']).where('kind', '=', 'account.provision').execute();
  assert.equal(jobs.length, COUNT, 'one job per application');
  assert.deepEqual([...new Set(jobs.map((j) => j.state))], ['done']);
  assert.equal(uidNumbers.length, COUNT, 'one directory entry per account');
  assert.equal(new Set(uidNumbers).size, COUNT, 'no UID number used twice');
  const accounts = await db.selectFrom('account').select(['uid_number', 'state']).execute();
  assert.deepEqual(
    accounts.map((a) => a.uid_number).sort(),
    [...uidNumbers].sort(),
    'the database and the directory agree',
  );
  assert.ok(accounts.every((a) => a.state === 'active'));
}

describe(`provisioning under failure (${COUNT} applications, real PostgreSQL)`, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('slapd killed with SIGKILL in the middle and started again: all provisioned, each once', async () => {
    const slapd = await startSlapd();
    cleanups.push(() => slapd.stop());
    const app = await startTestApp({
      env: {
        DATABASE_URL: await createTestDatabase(),
        ...slapd.env,
        JOB_POLL_MS: '50',
        ...productionArgon2,
      },
      retryBaseMs: 100,
    });
    cleanups.push(() => app.close());
    const db = app.server.database.db;
    await approveMany(db);
    app.server.worker.poke();
    await waitForProvisioning('a fifth provisioned', async () => (await provisionedCount(db)) >= COUNT / 5);
    slapd.kill();
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok((await provisionedCount(db)) < COUNT, 'the kill came in the middle');
    await slapd.start();
    await waitForProvisioning('all provisioned', async () => (await provisionedCount(db)) === COUNT);
    const users = await app.server.directories.ga.listUsers();
    await assertAllProvisionedOnce(
      db,
      users.map((u) => u.uidNumber),
    );
    const retried = await db
      .selectFrom('job_event')
      .select('job_id')
      .where('note', 'is not', null)
      .where('to_state', '=', 'queued')
      .execute();
    assert.ok(retried.length > 0, 'some attempts failed while slapd was down, and were retried');
  });

  it('the app process killed with SIGKILL mid-batch and started again: all provisioned, each once', async () => {
    const databaseUrl = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'sc-fault-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const secret = 'fault-test-session-secret-0123456789abcdef';
    const handle = await openDatabase({ databaseUrl, dataDir });
    cleanups.push(() => handle.close());
    await migrateToLatest(handle.db);
    await approveMany(handle.db);
    const port = await freePort();
    const startApp = (): ChildProcess =>
      startBundledServer({
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        PORT: String(port),
        SESSION_SECRET: secret,
        JOB_POLL_MS: '50',
        JOB_LEASE_SECONDS: '5',
        LOG_LEVEL: 'warn',
        ...productionArgon2,
      }).child;
    let child = startApp();
    cleanups.push(() => {
      child.kill('SIGKILL');
    });
    await waitForProvisioning('a fifth provisioned', async () => (await provisionedCount(handle.db)) >= COUNT / 5);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const atKill = await provisionedCount(handle.db);
    assert.ok(atKill < COUNT, 'the kill came in the middle');
    child = startApp();
    await waitForProvisioning(
      'all provisioned after the restart',
      async () => (await provisionedCount(handle.db)) === COUNT,
    );
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));

    const directory = createEmbeddedDirectory(handle.db);
    const users = await directory.listUsers();
    await assertAllProvisionedOnce(
      handle.db,
      users.map((u) => u.uidNumber),
    );
    // The password in the directory is the one sealed for the certificate, also where the kill interrupted.
    const box = createSecretBox(secret, 'initial passwords');
    const sealed = await handle.db
      .selectFrom('registration_certificate')
      .innerJoin('account', 'account.id', 'registration_certificate.account_id')
      .select(['account.uid', 'registration_certificate.sealed_password'])
      .execute();
    for (const s of sealed.slice(0, 10)) {
      assert.equal(await directory.authenticate(s.uid, box.open(s.sealed_password as Uint8Array)), true, s.uid);
    }
  });
});
