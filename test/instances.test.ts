// Instances on one database must share SESSION_SECRET: one whose secret differs from a
// live instance's refuses to start (exit 78 for `npm start`, a configuration error),
// naming the other; stopped instances no longer count, so the secret can be changed by
// stopping every instance first. The database holds only a fingerprint of the secret.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DatabaseHandle, openDatabase } from '../src/db/database.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startBundledServer } from './helpers/bundle.js';
import { runCli } from './helpers/cli.js';
import { createTestDatabase, freePort } from './helpers/postgres.js';

describe('instances on one database', () => {
  let databaseUrl: string;
  let db: DatabaseHandle;
  const secret = randomBytes(32).toString('base64url');
  const other = randomBytes(32).toString('base64url');
  const running: TestApp[] = [];
  const start = async (sessionSecret: string) => {
    const app = await startTestApp({ env: { DATABASE_URL: databaseUrl, SESSION_SECRET: sessionSecret } });
    running.push(app);
    return app;
  };
  const rows = () => db.db.selectFrom('instance').selectAll().orderBy('started_at').execute();

  before(async () => {
    databaseUrl = await createTestDatabase();
  });
  after(async () => {
    for (const app of running) await app.close();
    await db?.close();
  });

  it('records each running instance with a fingerprint of its secret, and removes it when it stops', async () => {
    const first = await start(secret);
    const second = await start(secret);
    db = await openDatabase({ databaseUrl, dataDir: tmpdir() });
    const live = await rows();
    assert.deepEqual(
      live.map((r) => r.port),
      [first, second].map((a) => Number(new URL(a.url).port)),
    );
    assert.equal(new Set(live.map((r) => r.secret_fingerprint)).size, 1, 'one secret, one fingerprint');
    // What operators see of them.
    const listed = await runCli(['instances'], { DATABASE_URL: databaseUrl, DATA_DIR: first.dataDir });
    assert.equal(listed.code, 0, listed.stderr);
    for (const app of [first, second]) {
      assert.match(listed.stdout, new RegExp(`:${new URL(app.url).port}  version \\S+  worker yes  started `));
    }
    assert.ok(!live.some((r) => r.secret_fingerprint.includes(secret) || secret.includes(r.secret_fingerprint)));
    await second.close();
    running.splice(running.indexOf(second), 1);
    assert.equal((await rows()).length, 1);
  });

  it('refuses to start with another secret while an instance runs, naming it', async () => {
    const [first] = running;
    await assert.rejects(start(other), (err: Error) => {
      assert.equal((err as { code?: string }).code, 'SESSION_SECRET_MISMATCH');
      assert.match(err.message, new RegExp(`:${new URL(first?.url ?? '').port}\\b`));
      assert.ok(!err.message.includes(secret) && !err.message.includes(other), 'no secret in the message');
      return true;
    });
    assert.equal((await rows()).length, 1, 'the refused instance left no row');

    // `npm start` exits 78, which the systemd unit does not restart into.
    const dataDir = mkdtempSync(join(tmpdir(), 'sc-instances-'));
    try {
      const server = startBundledServer({
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
        SESSION_SECRET: other,
      });
      assert.equal(await server.exited, 78, server.output());
      assert.match(server.stderr(), /SESSION_SECRET differs from the one of .+, running on the same database/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('takes the new secret once every instance with the old one has stopped', async () => {
    for (const app of running.splice(0)) await app.close();
    const renewed = await start(other);
    assert.equal((await rows()).length, 1);
    assert.equal((await fetch(`${renewed.url}/readyz`)).status, 200);
  });
});
